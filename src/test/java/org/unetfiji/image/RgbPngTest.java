package org.unetfiji.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast PNG encoder writes pictures that ImageIO reads back pixel for pixel, over several IDAT chunks. */
class RgbPngTest {

	@Test
	void readsBackTheSamePixels(@TempDir Path folder) throws IOException {
		int width = 301;
		int height = 257; // 301 × 257 × 3 bytes of noise: more than one 64 KiB IDAT chunk
		int[] rgb = new int[width * height];
		Random random = new Random(3);
		for (int i = 0; i < rgb.length; i++)
			rgb[i] = i % 7 == 0 ? 0xffffff : random.nextInt(1 << 24);
		Path file = folder.resolve("picture.png");
		RgbPng.write(rgb, width, height, file);
		BufferedImage back = ImageIO.read(file.toFile());
		assertEquals(width, back.getWidth());
		assertEquals(height, back.getHeight());
		int[] read = back.getRGB(0, 0, width, height, null, 0, width);
		for (int i = 0; i < read.length; i++)
			read[i] &= 0xffffff;
		assertArrayEquals(rgb, read);
	}
}
