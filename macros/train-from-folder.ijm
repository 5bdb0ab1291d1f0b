// U-Net for Fiji: train a new model on a folder of images and a folder of labels (same file names; label 0 is
// the first class, any other value the second), then segment the first image with it.
// These settings train a small network briefly, to try things out; raise steps (e.g. 4000) and filters for use.
// In Fiji it asks for the folders; from a shell:
//   ImageJ -batch train-from-folder.ijm "images=/data/train/images labels=/data/train/labels output=/data/my-model steps=200"
args = getArgument();
images = call("ij.Macro.getValue", args, "images", "");
if (images == "") images = getDirectory("Choose the folder of training images");
labels = call("ij.Macro.getValue", args, "labels", "");
if (labels == "") labels = getDirectory("Choose the folder of label images");
output = call("ij.Macro.getValue", args, "output", "");
if (output == "") output = getDirectory("Choose an empty folder for the new model") + "model";
steps = call("ij.Macro.getValue", args, "steps", "200");

run("U-Net Train", "images=[" + images + "] labels=[" + labels + "] output=[" + output + "] depth=3 filters=8 " +
	"steps=" + steps + " tile=128 batch=2 lr=0.001 seed=1 classes=[background,foreground]");
run("U-Net Model Info", "model=[" + output + "]");

setBatchMode(true);
list = getFileList(images);
open(images + File.separator + list[0]);
run("U-Net Segment", "model=[" + output + "]");
selectImage(File.nameWithoutExtension + " labels");
getStatistics(area, mean, min, max);
print("segmented " + list[0] + " with the new model: classes " + min + ".." + max + ", mean label " + d2s(mean, 3));
