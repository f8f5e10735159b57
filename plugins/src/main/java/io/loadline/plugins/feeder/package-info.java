/**
 * What the file feeders share: where their file may be ({@link
 * io.loadline.plugins.feeder.DataFile}), the hand-out options ({@link
 * io.loadline.plugins.feeder.FeederOptions}) and the lock-free hand-out itself ({@link
 * io.loadline.plugins.feeder.RecordFeeder}).
 */
package io.loadline.plugins.feeder;
