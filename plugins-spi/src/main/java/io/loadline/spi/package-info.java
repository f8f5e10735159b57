/**
 * The public plugin API of Loadline: rate models, protocols and feeders.
 *
 * <p>A plugin jar implements one of {@link io.loadline.spi.RateModelFactory}, {@link
 * io.loadline.spi.ProtocolFactory} or {@link io.loadline.spi.FeederFactory} and lists the class in
 * {@code META-INF/services/<interface name>}. This package depends on the JDK only, so a
 * third-party plugin compiles against it alone. Plugins never measure time: the engine timestamps
 * every exchange itself.
 */
package io.loadline.spi;
