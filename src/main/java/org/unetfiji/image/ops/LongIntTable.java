package org.unetfiji.image.ops;

import java.util.Arrays;

/** Open-addressing hash table from non-negative {@code long} keys to {@code int} values, without boxing. */
final class LongIntTable {

	private long[] keys = new long[1024];
	private int[] values = new int[1024];
	private int size;

	LongIntTable() {
		Arrays.fill(keys, -1);
	}

	/** The value of {@code key}, or -1 when absent. */
	int get(long key) {
		int slot = slot(key);
		return keys[slot] == key ? values[slot] : -1;
	}

	void put(long key, int value) {
		int slot = slot(key);
		if (keys[slot] != key) {
			if (2 * (size + 1) > keys.length) {
				grow();
				slot = slot(key);
			}
			keys[slot] = key;
			size++;
		}
		values[slot] = value;
	}

	/** Adds {@code amount} to the value of {@code key} (0 when absent). */
	void add(long key, int amount) {
		int value = get(key);
		put(key, (value < 0 ? 0 : value) + amount);
	}

	/** Hands every entry to {@code action}. */
	void forEach(Entry action) {
		for (int s = 0; s < keys.length; s++)
			if (keys[s] != -1) action.accept(keys[s], values[s]);
	}

	@FunctionalInterface
	interface Entry {
		void accept(long key, int value);
	}

	/** The slot holding {@code key}, or the empty slot where it would go. */
	private int slot(long key) {
		int mask = keys.length - 1;
		long h = key * 0x9E3779B97F4A7C15L;
		int slot = (int) (h ^ h >>> 32) & mask;
		while (keys[slot] != -1 && keys[slot] != key)
			slot = slot + 1 & mask;
		return slot;
	}

	private void grow() {
		long[] oldKeys = keys;
		int[] oldValues = values;
		keys = new long[oldKeys.length * 2];
		values = new int[oldKeys.length * 2];
		Arrays.fill(keys, -1);
		size = 0;
		for (int s = 0; s < oldKeys.length; s++)
			if (oldKeys[s] != -1) put(oldKeys[s], oldValues[s]);
	}
}
