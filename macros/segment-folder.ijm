// U-Net for Fiji: segment every TIFF/PNG image of a folder into another folder.
// Per image it writes NAME.probabilities.tif, NAME.labels.tif and NAME.overlay.png; a file that cannot be
// segmented is reported in the Log and skipped.
// In Fiji it asks for the folders; from a shell:
//   ImageJ -batch segment-folder.ijm "input=/data/images output=/data/results model=em-membranes-2d"
args = getArgument();
model = call("ij.Macro.getValue", args, "model", "em-membranes-2d");
input = call("ij.Macro.getValue", args, "input", "");
if (input == "") input = getDirectory("Choose the folder of images to segment");
output = call("ij.Macro.getValue", args, "output", "");
if (output == "") output = getDirectory("Choose the folder for the results");

run("U-Net Batch Segment", "model=[" + model + "] input=[" + input + "] output=[" + output + "]");
