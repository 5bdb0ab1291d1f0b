package org.unetfiji.model;

/**
 * A publication to cite when using a model.
 *
 * @param text the citation text
 * @param doi the DOI (without {@code https://doi.org/}); this or {@code url} is required
 * @param url a web address
 */
public record Citation(String text, String doi, String url) {

	public Citation {
		if (text == null || text.isBlank()) throw new IllegalArgumentException("a citation needs a text");
		if ((doi == null || doi.isBlank()) && (url == null || url.isBlank())) {
			throw new IllegalArgumentException("citation '" + text + "' needs a doi or a url");
		}
	}
}
