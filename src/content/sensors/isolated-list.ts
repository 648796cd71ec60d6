/** Every ISOLATED-world sensor, in install order. Adding a sensor: its file, one line here, its rule, its test. */
import type { IsolatedSensor } from '../isolated/sensor.ts';
import { checkoutTamperSensor } from './checkout-tamper.isolated.ts';
import { closedRootFocusSensor } from './closed-root-focus.isolated.ts';
import { foreignWorldScriptsSensor } from './foreign-world-scripts.isolated.ts';
import { networkTimelineSensor } from './network-timeline.isolated.ts';
import { quantityLimitSensor } from './quantity-limit.isolated.ts';
import { untrustedActivationSensor } from './untrusted-activation.isolated.ts';

export const ISOLATED_SENSORS: readonly IsolatedSensor[] = [
  untrustedActivationSensor,
  quantityLimitSensor,
  checkoutTamperSensor,
  networkTimelineSensor,
  foreignWorldScriptsSensor,
  closedRootFocusSensor,
];
