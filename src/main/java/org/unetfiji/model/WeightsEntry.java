package org.unetfiji.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a descriptor's {@code weights}: the file or folder holding the weights and the format's own
 * attributes (e.g. {@code tensorflow_version}, {@code opset_version}, and any other keys, kept as they were read),
 * so that a new weight format needs no change here.
 *
 * @param file the weights and their checksum; {@code null} before {@link ModelPackage#write} fills it in, and for
 *          entries whose weights are not given as a file with a checksum (e.g. only a web address)
 * @param attributes every other key of the entry, in the order read (plain data)
 */
public record WeightsEntry(FileReference file, Map<String, Object> attributes) {

	public WeightsEntry {
		attributes = PlainData.copyMap(attributes, "weights");
		if (attributes.containsKey("source") || file != null && attributes.containsKey("sha256")) {
			throw new IllegalArgumentException("weights: give source and sha256 as the file, not as attributes");
		}
	}

	/** An entry without its file yet, with one attribute. */
	public static WeightsEntry pending(String key, Object value) {
		return new WeightsEntry(null, Map.of(key, value));
	}

	/** An attribute's value; {@code null} when the entry has none of that name. */
	public Object attribute(String key) {
		return attributes.get(key);
	}

	/** This entry with another file (or none). */
	public WeightsEntry withFile(FileReference newFile) {
		return new WeightsEntry(newFile, attributes);
	}

	/** The entry as rdf.yaml holds it: {@code source} and {@code sha256} first, then the attributes. */
	Map<String, Object> toMap() {
		Map<String, Object> m = new LinkedHashMap<>();
		if (file != null) {
			m.put("source", file.source());
			m.put("sha256", file.sha256());
		}
		m.putAll(attributes);
		return m;
	}
}
