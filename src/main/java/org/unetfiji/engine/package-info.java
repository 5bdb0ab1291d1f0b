/**
 * The engine interface and registry. An engine is a plug-in: an {@link org.unetfiji.engine.EngineProvider} listed in
 * {@code META-INF/services/org.unetfiji.engine.EngineProvider} says its {@code engine=} key, the bioimage.io weight
 * formats it runs, whether it trains and its devices; {@link org.unetfiji.engine.Engines} finds the providers with
 * {@link java.util.ServiceLoader} in the engine class loader, starts each engine once per JVM and makes the
 * {@code engine=} choice. A started {@link org.unetfiji.engine.Engine} runs {@link org.unetfiji.engine.Network}s;
 * one that also trains is a {@link org.unetfiji.engine.TrainingEngine} with
 * {@link org.unetfiji.engine.TrainableNetwork}s, so a predict-only engine implements nothing it cannot do.
 * <p>
 * Only this package and {@code java.*} cross into the {@link org.unetfiji.engine.EngineClassLoader} (see
 * {@code DESIGN.md} on isolation): the interfaces here take and give plain Java types
 * ({@link org.unetfiji.engine.FloatTensor}, {@link org.unetfiji.network.NetworkConfig}, paths, strings) and use only
 * the {@code device} and {@code network} packages. No engine library is imported here; the implementations live in
 * the sub-packages.
 */
package org.unetfiji.engine;
