// U-Net for Fiji: segment an image, then measure the segmentation against the image's ground truth.
// The metrics go to the results table "U-Net Evaluation" (and with output= to a CSV file); this macro prints the
// main ones. For label images you already have, run("U-Net Evaluate", ...) alone, with two open images' titles or
// two files or folders as prediction and truth.
// In Fiji it asks for the files; from a shell:
//   ImageJ -batch evaluate.ijm "image=/data/em/020.png truth=/data/em-labels/020.png model=em-membranes-2d"
args = getArgument();
model = call("ij.Macro.getValue", args, "model", "em-membranes-2d");
image = call("ij.Macro.getValue", args, "image", "");
if (image == "") image = File.openDialog("Choose the image to segment");
truth = call("ij.Macro.getValue", args, "truth", "");
if (truth == "") truth = File.openDialog("Choose its ground truth (a label image)");
output = call("ij.Macro.getValue", args, "output", "");

setBatchMode(true);
open(image);
name = File.nameWithoutExtension;
run("U-Net Segment", "model=[" + model + "]");
run("U-Net Evaluate", "prediction=[" + name + " labels] truth=[" + truth + "] output=[" + output + "]");

table = "U-Net Evaluation";
print("evaluated the segmentation of " + name + " against " + File.getName(truth) + ":");
print("  pixel accuracy " + d2s(Table.get("pixel_accuracy", 0, table), 4) + ", mean IoU " +
	d2s(Table.get("mean_iou", 0, table), 4) + ", Rand error " + d2s(Table.get("rand_error", 0, table), 4));
