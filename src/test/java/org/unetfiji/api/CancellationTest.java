package org.unetfiji.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class CancellationTest {

	@Test
	void nestedFlagsAddUp() throws Exception {
		AtomicBoolean outer = new AtomicBoolean();
		AtomicBoolean inner = new AtomicBoolean();
		Cancellation.during(outer::get, () -> Cancellation.during(inner::get, () -> {
			assertFalse(Cancellation.requested());
			outer.set(true);
			assertTrue(Cancellation.requested(), "the enclosing command's flag reaches the inner work");
			outer.set(false);
			inner.set(true);
			assertTrue(Cancellation.requested());
		}));
		assertFalse(Cancellation.requested(), "no flag is left on the thread afterwards");
	}

	@Test
	void aFlagThatAsksCancellationItselfDoesNotRecurse() throws Exception {
		AtomicBoolean outer = new AtomicBoolean();
		Cancellation.during(outer::get, () -> Cancellation.during(Cancellation::requested, () -> {
			assertFalse(Cancellation.requested());
			outer.set(true);
			assertTrue(Cancellation.requested());
		}));
	}
}
