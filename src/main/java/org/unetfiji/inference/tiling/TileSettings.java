package org.unetfiji.inference.tiling;

import java.util.Arrays;

/**
 * What the user asked for: {@code tile=auto|none|N|z,y,x}, {@code overlap=auto|N|z,y,x}, {@code batch=auto|N} and
 * {@code blend=gaussian|none}, the vocabulary shared by {@code ./unet segment} and the Fiji commands.
 *
 * @param tile tile size per axis, one value for all axes or one per axis ({@code y,x} or {@code z,y,x}); null for
 *          {@code auto}, empty for {@code none} (the whole image in one piece)
 * @param overlap smallest overlap of neighbouring tiles in voxels, like {@code tile}; null for {@code auto}
 * @param batch tiles per engine call; 0 for {@code auto}
 */
public record TileSettings(int[] tile, int[] overlap, int batch, Blend blend) {

	/** Automatic tile, overlap and batch with Gaussian blending. */
	public static final TileSettings AUTO = new TileSettings(null, null, 0, Blend.GAUSSIAN);

	public TileSettings {
		tile = tile == null ? null : tile.clone();
		overlap = overlap == null ? null : overlap.clone();
		if (batch < 0) throw new IllegalArgumentException("batch=" + batch + " must be at least 1 (or auto)");
	}

	/** Parses the four parameters; null means the default (auto, auto, auto, gaussian). */
	public static TileSettings parse(String tile, String overlap, String batch, String blend) {
		int[] tileSize = null;
		if (tile != null && tile.trim().equalsIgnoreCase("none")) tileSize = new int[0];
		else if (!isAuto(tile)) tileSize = sizes("tile", tile, 1);
		int[] overlapSize = isAuto(overlap) ? null : sizes("overlap", overlap, 0);
		if (!isAuto(batch) && batch.contains(","))
			throw new IllegalArgumentException("batch=" + batch + " must be one whole number (or auto)");
		int batchSize = isAuto(batch) ? 0 : sizes("batch", batch, 1)[0];
		return new TileSettings(tileSize, overlapSize, batchSize, blend == null ? Blend.GAUSSIAN : Blend.parse(blend));
	}

	/** Whether the image is to be processed in one piece. */
	public boolean untiled() {
		return tile != null && tile.length == 0;
	}

	/** The same settings with another tile size (per axis). */
	public TileSettings withTile(int[] newTile) {
		return new TileSettings(newTile, overlap, batch, blend);
	}

	/**
	 * One value per spatial axis ({@code z, y, x} order, {@code dims} of them) from a single value or a full list.
	 *
	 * @param key parameter name for the error message
	 */
	static int[] perAxis(String key, int[] values, int dims) {
		if (values.length == 1) {
			int[] all = new int[dims];
			Arrays.fill(all, values[0]);
			return all;
		}
		if (values.length != dims) throw new IllegalArgumentException(key + "=" + join(values) + " needs 1 or " + dims +
			" values for a " + dims + "D network (" + (dims == 3 ? "z,y,x" : "y,x") + ")");
		return values.clone();
	}

	static String join(int[] values) {
		return String.join(",", Arrays.stream(values).mapToObj(String::valueOf).toArray(String[]::new));
	}

	private static boolean isAuto(String text) {
		return text == null || text.trim().equalsIgnoreCase("auto");
	}

	private static int[] sizes(String key, String text, int min) {
		String[] parts = text.split(",", -1);
		if (parts.length > 3) throw new IllegalArgumentException(key + "=" + text + " has more than 3 values");
		int[] values = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				values[i] = Integer.parseInt(parts[i].trim());
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(key + "=" + text + " is not valid; use " + key + "=auto" +
					(key.equals("tile") ? ", tile=none" : "") + ", " + key + "=N" +
					(key.equals("batch") ? "" : " or " + key + "=z,y,x"));
			}
			if (values[i] < min) throw new IllegalArgumentException(key + "=" + text + " must be at least " + min);
		}
		return values;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TileSettings s && Arrays.equals(tile, s.tile) && Arrays.equals(overlap, s.overlap) &&
			batch == s.batch && blend == s.blend;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(tile) * 31 + Arrays.hashCode(overlap) * 7 + batch * 3 + blend.hashCode();
	}

	@Override
	public String toString() {
		return "tile=" + (tile == null ? "auto" : untiled() ? "none" : join(tile)) + " overlap=" +
			(overlap == null ? "auto" : join(overlap)) + " batch=" + (batch == 0 ? "auto" : batch) + " blend=" +
			blend.name().toLowerCase();
	}
}
