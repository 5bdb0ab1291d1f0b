// U-Net for Fiji: segment the current image and save the results beside it.
// In Fiji: open an image (e.g. sample-images/isbi2012-em-020.png), then Plugins > Macros > Run... this file.
// From a shell, with the image and output folder as arguments:
//   ImageJ -batch segment-current-image.ijm "image=/data/em.png output=/data/results model=em-membranes-2d"
args = getArgument();
model = call("ij.Macro.getValue", args, "model", "em-membranes-2d");
if (args != "") open(call("ij.Macro.getValue", args, "image", ""));
output = call("ij.Macro.getValue", args, "output", getDirectory("image"));
if (!endsWith(output, File.separator)) output = output + File.separator;
File.makeDirectory(output);
setBatchMode(true);

title = getTitle();
name = title;
if (lastIndexOf(title, ".") > 0) name = substring(title, 0, lastIndexOf(title, "."));
run("U-Net Segment", "model=[" + model + "] overlay");

// the command adds four images; the input image is left as it was
selectImage(name + " instances");
saveAs("Tiff", output + name + ".instances.tif");
selectImage(name + " probabilities");
saveAs("Tiff", output + name + ".probabilities.tif");
selectImage(name + " overlay");
saveAs("PNG", output + name + ".overlay.png");
selectImage(name + " labels");
saveAs("Tiff", output + name + ".labels.tif");
getStatistics(area, mean, min, max);
print("segmented " + title + " with " + model + ": classes " + min + ".." + max + ", mean label " + d2s(mean, 3));
print("saved to " + output);
