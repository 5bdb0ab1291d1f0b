package org.unetfiji.training;

import java.util.Locale;

/** How the per-pixel loss weights are made (ignored pixels always weigh 0). */
public enum WeightMode {

	/**
	 * The border-weighted map of Ronneberger et al. 2015 / Falk et al. 2019: foreground 1, background
	 * {@code v_bal} plus a term that rises near objects and a strong term in the gaps between touching objects.
	 */
	BORDER,
	/** Class balance: each class gets the same total weight over all training images (inverse frequency). */
	BALANCE,
	/** Every annotated pixel weighs 1. */
	NONE;

	/** Reads {@code border}, {@code balance} or {@code none}. */
	public static WeightMode parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("weights=" + text + " is not one of auto, border, balance, none");
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
