// U-Net for Fiji: finetune an existing model on a folder of images and a folder of labels (same file names; label
// 0 is the first class, any other value the second) into a new model, then segment the first image with it.
// The model you start from is not changed. These settings train briefly, to try things out; raise steps for use.
// In Fiji it asks for the folders; from a shell:
//   ImageJ -batch finetune-model.ijm "model=em-membranes-2d images=/data/train/images labels=/data/train/labels output=/data/tuned steps=200"
args = getArgument();
model = call("ij.Macro.getValue", args, "model", "em-membranes-2d");
images = call("ij.Macro.getValue", args, "images", "");
if (images == "") images = getDirectory("Choose the folder of training images");
labels = call("ij.Macro.getValue", args, "labels", "");
if (labels == "") labels = getDirectory("Choose the folder of label images");
output = call("ij.Macro.getValue", args, "output", "");
if (output == "") output = getDirectory("Choose an empty folder for the new model") + "model";
steps = call("ij.Macro.getValue", args, "steps", "200");

run("U-Net Finetune", "images=[" + images + "] labels=[" + labels + "] output=[" + output + "] steps=" + steps +
	" tile=128 batch=2 lr=0.0001 seed=1 classes=[membrane,cell] model=[" + model + "]");

setBatchMode(true);
list = getFileList(images);
open(images + File.separator + list[0]);
run("U-Net Segment", "model=[" + output + "]");
selectImage(File.nameWithoutExtension + " labels");
getStatistics(area, mean, min, max);
print("segmented " + list[0] + " with the finetuned model: classes " + min + ".." + max + ", mean label " + d2s(mean, 3));
