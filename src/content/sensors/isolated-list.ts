/** Every ISOLATED-world sensor, in install order. */
import type { IsolatedSensor } from '../isolated/sensor.ts';
import { foreignWorldScriptsSensor } from './foreign-world-scripts.isolated.ts';
import { untrustedActivationSensor } from './untrusted-activation.isolated.ts';

export const ISOLATED_SENSORS: readonly IsolatedSensor[] = [untrustedActivationSensor, foreignWorldScriptsSensor];
