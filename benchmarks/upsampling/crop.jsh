import ij.*;
import ij.plugin.*;
String base = "/work/shared/data/ovules-cells-3d/train/";
for (String kind : new String[]{"images", "labels"}) {
  for (String[] part : new String[][]{{"train", "0"}, {"val", "100"}}) {
    ImagePlus img = IJ.openImage(base + kind + "/000.tif");
    img.setRoi(0, Integer.parseInt(part[1]), 120, 100);
    ImagePlus c = new Duplicator().run(img);
    new java.io.File("/tmp/ovm/" + part[0] + "/" + kind).mkdirs();
    IJ.saveAsTiff(c, "/tmp/ovm/" + part[0] + "/" + kind + "/a.tif");
    System.out.println(part[0] + " " + kind + " " + c.getWidth() + "x" + c.getHeight() + "x" + c.getStackSize() + " bits " + c.getBitDepth());
  }
}
/exit
