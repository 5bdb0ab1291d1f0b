import ij.*;
// roughness of the boundary probability inside cells: mean |p(x-1) - 2 p(x) + p(x+1)| along x and y over voxels
// whose label has no other label within 3 voxels (flat truth: any high-frequency pattern there is an artefact)
ImagePlus labels = IJ.openImage("/tmp/ovm/val/labels/a.tif");
for (String mode : new String[]{"transposed", "resize"}) {
  ImagePlus p = IJ.openImage("/tmp/ovm/seg-" + mode + "/a.probabilities.tif");
  int w = labels.getWidth(), h = labels.getHeight(), d = labels.getStackSize();
  int channels = p.getNChannels();
  double sum = 0, parity = 0; long n = 0;
  for (int z = 0; z < d; z++) {
    var lab = labels.getStack().getProcessor(z + 1);
    var prob = p.getStack().getProcessor(p.getStackIndex(channels, z + 1, 1));
    for (int y = 3; y < h - 3; y++) for (int x = 3; x < w - 3; x++) {
      int v = (int) lab.getPixelValue(x, y); boolean flat = true;
      for (int k = -3; k <= 3 && flat; k++) flat = (int) lab.getPixelValue(x + k, y) == v && (int) lab.getPixelValue(x, y + k) == v;
      if (!flat) continue;
      float c = prob.getPixelValue(x, y);
      sum += Math.abs(prob.getPixelValue(x - 1, y) - 2 * c + prob.getPixelValue(x + 1, y)) + Math.abs(prob.getPixelValue(x, y - 1) - 2 * c + prob.getPixelValue(x, y + 1));
      parity += ((x % 2 == 0) ? c : -c);
      n++;
    }
  }
  System.out.printf("%s: %d channels, %d flat voxels, mean |second difference| of p(boundary) = %.4f, mean parity offset = %.4f%n", mode, channels, n, sum / (2 * n), parity / n);
}
/exit
