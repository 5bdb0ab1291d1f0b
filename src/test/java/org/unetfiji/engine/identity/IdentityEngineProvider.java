package org.unetfiji.engine.identity;

import java.util.List;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.EngineProvider;

/**
 * {@code engine=identity}: a test engine that only predicts, added by nothing but this package and its line in
 * {@code META-INF/services}, to show that an engine plugs in without a change elsewhere.
 */
public final class IdentityEngineProvider implements EngineProvider {

	@Override
	public String key() {
		return IdentityEngine.KEY;
	}

	@Override
	public String title() {
		return "the identity engine";
	}

	@Override
	public List<String> weightFormats() {
		return List.of(IdentityEngine.WEIGHT_FORMAT);
	}

	@Override
	public Engine start() {
		return new IdentityEngine();
	}
}
