package org.unetfiji.model;

/**
 * An author of a model.
 *
 * @param name required
 * @param affiliation optional ({@code null} if unknown)
 * @param githubUser optional
 * @param orcid optional
 */
public record Author(String name, String affiliation, String githubUser, String orcid) {

	public Author {
		if (name == null || name.isBlank()) throw new IllegalArgumentException("an author needs a name");
	}

	/** An author known by name only. */
	public Author(String name) {
		this(name, null, null, null);
	}
}
