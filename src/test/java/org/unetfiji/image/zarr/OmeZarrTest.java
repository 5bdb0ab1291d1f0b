package org.unetfiji.image.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.zarr.ZarrArray.DataType;

/**
 * OME-Zarr read and written against python-zarr: a real GoNuclear stack written by python-zarr reads plane for plane
 * as its TIFF (both levels, calibration from the metadata); containers we write are read by python-zarr with their
 * shapes, types, chunks, NGFF metadata and values; an uncommitted container leaves nothing behind.
 */
class OmeZarrTest {

	private static final Path STACK = Path.of("..", "shared", "data", "gonuclear-ovule-nuclei-3d", "test", "images",
		"1136.tif");

	@TempDir
	Path work;

	@Test
	void aVolumeWrittenByPythonZarrReadsAsItsTiff() throws Exception {
		ZarrPython.assumeAvailable();
		Path container = work.resolve("volume.zarr");
		ZarrPython.writeVolume(STACK, container);
		PlaneSource tiff = ImageFiles.openLazily(STACK);
		PlaneSource zarr = OmeZarr.open(container, 0);
		assertArrayEquals(tiff.dimensions(), zarr.dimensions());
		assertArrayEquals(tiff.voxelSize(), zarr.voxelSize(), 1e-12);
		assertEquals("µm", zarr.unit());
		assertEquals(8, zarr.bitDepth());
		assertEquals("volume.zarr", zarr.name());
		float[] expected = new float[tiff.sizeX() * tiff.sizeY()];
		float[] actual = new float[expected.length];
		for (int z : new int[]{ 0, 15, 16, 57, tiff.sizeZ() - 1 }) {
			tiff.read(0, z, 0, expected);
			zarr.read(0, z, 0, actual);
			assertArrayEquals(expected, actual, "plane " + z);
		}
		PlaneSource half = OmeZarr.open(container, 1);
		assertArrayEquals(new long[]{ (tiff.sizeX() + 1) / 2, (tiff.sizeY() + 1) / 2, 1, tiff.sizeZ(), 1 },
			half.dimensions());
		assertEquals(2 * tiff.voxelSize()[0], half.voxelSize()[0], 1e-12);
		float[] halfPlane = new float[half.sizeX() * half.sizeY()];
		tiff.read(0, 40, 0, expected);
		half.read(0, 40, 0, halfPlane);
		for (int y = 0; y < half.sizeY(); y++)
			for (int x = 0; x < half.sizeX(); x++)
				assertEquals(expected[2 * y * tiff.sizeX() + 2 * x], halfPlane[y * half.sizeX() + x]);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OmeZarr.open(container, 2));
		assertEquals("level=2 does not exist in volume.zarr (levels 0..1)", e.getMessage());
	}

	@Test
	void bloscChunksAsPythonZarrWritesThemByDefaultAreRead() throws Exception {
		ZarrPython.assumeAvailable();
		ZarrPython.run(
			"""
				import sys, numpy as np, zarr, numcodecs
				from numcodecs import Blosc
				z, y, x = np.meshgrid(range(37), range(150), range(130), indexing='ij')
				v = (z * 7919 + y * 131 + x * 3) % 65521
				noise = np.random.default_rng(1).integers(0, 65535, v.shape)
				cases = {'default': (v, None), 'zlib8': (v % 251, Blosc('zlib', 5, Blosc.NOSHUFFLE)),
				         'lz4small': (v, Blosc('lz4', 9, Blosc.SHUFFLE, blocksize=1000)),
				         'stored': (noise, Blosc('lz4', 0, Blosc.SHUFFLE)), 'noise': (noise, Blosc('lz4', 5, Blosc.SHUFFLE))}
				for name, (data, compressor) in cases.items():
				    g = zarr.open_group(sys.argv[1] + '/' + name + '.zarr', mode='w')
				    kwargs = {} if compressor is None else {'compressor': compressor}
				    a = g.create_dataset('0', data=data.astype(np.uint8 if name == 'zlib8' else np.uint16),
				                         chunks=(10, 64, 100), **kwargs)
				    assert a.compressor.codec_id == 'blosc', a.compressor
				    g.attrs['multiscales'] = [{'version': '0.4', 'axes': [{'name': n, 'type': 'space'} for n in 'zyx'],
				        'datasets': [{'path': '0'}]}]
				np.save(sys.argv[1] + '/noise.npy', noise.astype('<u2'))
				""",
			work);
		float[] plane = new float[130 * 150];
		for (String name : new String[]{ "default", "zlib8", "lz4small" }) {
			PlaneSource image = OmeZarr.open(work.resolve(name + ".zarr"), 0);
			assertArrayEquals(new long[]{ 130, 150, 1, 37, 1 }, image.dimensions());
			for (int z : new int[]{ 0, 9, 10, 36 }) {
				image.read(0, z, 0, plane);
				for (int y = 0; y < 150; y++)
					for (int x = 0; x < 130; x++) {
						int v = (z * 7919 + y * 131 + x * 3) % 65521;
						assertEquals(name.equals("zlib8") ? v % 251 : v, plane[y * 130 + x],
							name + " at " + x + "," + y);
					}
			}
		}
		byte[] npy = Files.readAllBytes(work.resolve("noise.npy"));
		ByteBuffer noise = ByteBuffer.wrap(npy, npy.length - 37 * 150 * 130 * 2, 37 * 150 * 130 * 2).slice()
			.order(ByteOrder.LITTLE_ENDIAN);
		for (String name : new String[]{ "stored", "noise" }) {
			PlaneSource image = OmeZarr.open(work.resolve(name + ".zarr"), 0);
			image.read(0, 21, 0, plane);
			for (int i = 0; i < plane.length; i++)
				assertEquals(noise.getShort((21 * plane.length + i) * 2) & 0xffff, plane[i], name + " at " + i);
		}
	}

	/**
	 * NGFF 0.5 on Zarr v3, written by hand after the specifications (python-zarr 2.13 writes v2 only): big-endian
	 * gzip chunks, a channel axis, a missing chunk.
	 */
	@Test
	void anNgff05ImageOnZarrV3IsRead() throws Exception {
		ZarrPython.assumeAvailable();
		ZarrPython.run("""
			import sys, os, json, gzip, numpy as np
			root = sys.argv[1]
			os.makedirs(root + '/s0')
			axes = [{'name': 'c', 'type': 'channel'}] + [{'name': n, 'type': 'space', 'unit': 'micrometer'}
			                                             for n in 'zyx']
			json.dump({'zarr_format': 3, 'node_type': 'group', 'attributes': {'ome': {'version': '0.5', 'multiscales': [
			    {'axes': axes, 'datasets': [{'path': 's0', 'coordinateTransformations': [
			        {'type': 'scale', 'scale': [1, 2.0, 0.5, 0.25]}]}]}]}}}, open(root + '/zarr.json', 'w'))
			shape, chunks = (2, 5, 70, 90), (1, 2, 32, 64)
			json.dump({'zarr_format': 3, 'node_type': 'array', 'shape': shape, 'data_type': 'uint16',
			    'chunk_grid': {'name': 'regular', 'configuration': {'chunk_shape': chunks}},
			    'chunk_key_encoding': {'name': 'default', 'configuration': {'separator': '/'}},
			    'codecs': [{'name': 'bytes', 'configuration': {'endian': 'big'}},
			               {'name': 'gzip', 'configuration': {'level': 5}}],
			    'fill_value': 0, 'dimension_names': ['c', 'z', 'y', 'x']}, open(root + '/s0/zarr.json', 'w'))
			c, z, y, x = np.meshgrid(*(range(n) for n in shape), indexing='ij')
			v = (c * 30011 + z * 1009 + y * 97 + x) % 65521
			grid = [range((n + k - 1) // k) for n, k in zip(shape, chunks)]
			for index in np.ndindex(*(len(g) for g in grid)):
			    if index == (1, 1, 1, 0):
			        continue
			    block = np.zeros(chunks, '>u2')
			    part = v[tuple(slice(i * k, (i + 1) * k) for i, k in zip(index, chunks))]
			    block[tuple(slice(0, n) for n in part.shape)] = part
			    path = root + '/s0/c/' + '/'.join(map(str, index))
			    os.makedirs(os.path.dirname(path), exist_ok=True)
			    open(path, 'wb').write(gzip.compress(block.tobytes()))
			""", work.resolve("v3.zarr"));
		PlaneSource image = OmeZarr.open(work.resolve("v3.zarr"), 0);
		assertArrayEquals(new long[]{ 90, 70, 2, 5, 1 }, image.dimensions());
		assertArrayEquals(new double[]{ 0.25, 0.5, 2 }, image.voxelSize(), 1e-12);
		assertEquals(16, image.bitDepth());
		float[] plane = new float[90 * 70];
		for (int c = 0; c < 2; c++)
			for (int z = 0; z < 5; z++) {
				image.read(c, z, 0, plane);
				for (int y = 0; y < 70; y++)
					for (int x = 0; x < 90; x++) {
						boolean missing = c == 1 && z / 2 == 1 && y / 32 == 1 && x / 64 == 0;
						assertEquals(missing ? 0 : (c * 30011 + z * 1009 + y * 97 + x) % 65521, plane[y * 90 + x],
							"c" + c + " z" + z + " at " + x + "," + y);
					}
			}
	}

	@Test
	void pythonZarrReadsOurImagesAndLabelPyramids() throws Exception {
		ZarrPython.assumeAvailable();
		PlaneSource geometry = geometry(300, 200, 3, 2);
		Path target = work.resolve("out.zarr");
		try (OmeZarrWriter writer = new OmeZarrWriter(target, geometry, null)) {
			OmeZarrWriter.PlaneWriter image = writer.image("probabilities", 2, DataType.FLOAT32);
			OmeZarrWriter.PlaneWriter labels = writer.labels("instances", DataType.UINT32);
			for (int t = 0; t < 2; t++)
				for (int z = 0; z < 3; z++) {
					float[][] planes = new float[2][300 * 200];
					int[] plane = new int[300 * 200];
					for (int i = 0; i < plane.length; i++) {
						planes[0][i] = value(t, z, i) / 1e6f;
						planes[1][i] = -planes[0][i];
						plane[i] = value(t, z, i);
					}
					image.write(t, z, planes);
					labels.write(t, z, plane);
				}
			writer.commit();
		}
		String out = ZarrPython.run("""
			import sys, json, numpy as np, zarr
			g = zarr.open_group(sys.argv[1], mode='r')
			p, l0, l1 = g['0'], g['labels/instances/0'], g['labels/instances/1']
			t, z, y, x = np.meshgrid(range(2), range(3), range(200), range(300), indexing='ij')
			v = (t * 1000003 + z * 7919 + y * 300 + x) % 70001 + 65536
			assert (l0[:, 0] == v).all(), 'level 0 values'
			assert (l1[:, 0] == v[:, :, ::2, ::2]).all(), 'level 1 values'
			assert (p[:, 0] == (v / 1e6).astype(np.float32)).all(), 'probabilities'
			assert (p[:, 1] == -p[:, 0]).all(), 'second channel'
			print(json.dumps({'p': [list(p.shape), str(p.dtype), list(p.chunks)], 'l0': [list(l0.shape), str(l0.dtype),
			    list(l0.chunks)], 'l1': [list(l1.shape), str(l1.dtype)], 'compressor': l0.compressor.codec_id,
			    'image compressor': str(p.compressor),
			    'root': g.attrs.asdict(), 'labels': g['labels'].attrs.asdict(),
			    'instances': g['labels/instances'].attrs.asdict()}, sort_keys=True))
			""", target);
		assertTrue(out.contains("\"p\": [[2, 2, 3, 200, 300], \"float32\", [1, 1, 3, 200, 256]]"), out);
		assertTrue(out.contains("\"l0\": [[2, 1, 3, 200, 300], \"uint32\", [1, 1, 3, 200, 256]]"), out);
		assertTrue(out.contains("\"l1\": [[2, 1, 3, 100, 150], \"uint32\"]"), out);
		assertTrue(out.contains("\"compressor\": \"zlib\""), out);
		assertTrue(out.contains("\"image compressor\": \"None\""), out);
		assertTrue(out.contains("\"labels\": {\"labels\": [\"instances\"]}"), out);
		assertTrue(out.contains("\"image-label\": {\"source\": {\"image\": \"../../\"}, \"version\": \"0.4\"}"), out);
		assertTrue(out.contains("{\"name\": \"t\", \"type\": \"time\"}, {\"name\": \"c\", \"type\": \"channel\"}, " +
			"{\"name\": \"z\", \"type\": \"space\", \"unit\": \"micrometer\"}"), out);
		assertTrue(out.contains("\"scale\": [1.0, 1.0, 2.0, 1.0, 0.5]"), out);
		assertTrue(out.contains("\"scale\": [1.0, 1.0, 2.0, 2.0, 1.0]"), out);
		// and we read back what we wrote, the time axis included
		PlaneSource back = OmeZarr.open(target.resolve("labels/instances"), 1);
		assertArrayEquals(new long[]{ 150, 100, 1, 3, 2 }, back.dimensions());
		float[] plane = new float[150 * 100];
		back.read(0, 2, 1, plane);
		assertEquals(value(1, 2, 2 * 300 * 7 + 2 * 5), plane[7 * 150 + 5]);
	}

	@Test
	void anUncommittedContainerLeavesNothingACommittedOneReplacesItsOlderTwinAndTheInputIsNeverWrittenInto()
		throws Exception
	{
		PlaneSource geometry = geometry(40, 30, 2, 1);
		try (OmeZarrWriter writer = new OmeZarrWriter(work.resolve("a.zarr"), geometry, null)) {
			writer.labels("labels", DataType.UINT8).write(0, 0, new int[40 * 30]);
		}
		try (Stream<Path> left = Files.list(work)) {
			assertEquals(0, left.count());
		}
		for (int value : new int[]{ 7, 9 })
			try (OmeZarrWriter writer = new OmeZarrWriter(work.resolve("b.zarr"), geometry, null)) {
				int[] plane = new int[40 * 30];
				Arrays.fill(plane, value);
				OmeZarrWriter.PlaneWriter labels = writer.labels("labels", DataType.UINT8);
				labels.write(0, 0, plane);
				labels.write(0, 1, plane);
				writer.commit();
			}
		try (Stream<Path> left = Files.list(work)) {
			assertEquals(List.of(work.resolve("b.zarr")), left.toList(), "the older container replaced");
		}
		float[] read = new float[40 * 30];
		OmeZarr.open(work.resolve("b.zarr/labels/labels"), 0).read(0, 1, 0, read);
		assertEquals(9, read[40 * 30 - 1]);
		Path input = Files.createDirectories(work.resolve("in.zarr"));
		assertThrows(FileAlreadyExistsException.class,
			() -> new OmeZarrWriter(input.resolve("b.zarr"), geometry, input));
		assertFalse(Files.exists(input.resolve("b.zarr")));
	}

	private static int value(int t, int z, int i) {
		return (t * 1000003 + z * 7919 + i) % 70001 + 65536;
	}

	/** Sizes and calibration only: the writers never read planes. */
	private static PlaneSource geometry(int x, int y, int z, int t) {
		return new PlaneSource() {
			@Override
			public long[] dimensions() {
				return new long[]{ x, y, 1, z, t };
			}

			@Override
			public int bitDepth() {
				return 8;
			}

			@Override
			public void read(int c, int plane, int frame, float[] target) {
				throw new UnsupportedOperationException();
			}

			@Override
			public double[] voxelSize() {
				return new double[]{ 0.5, 1, 2 };
			}

			@Override
			public String unit() {
				return "µm";
			}

			@Override
			public String name() {
				return "geometry";
			}
		};
	}
}
