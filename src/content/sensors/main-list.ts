/** Every MAIN-world sensor, in install order. Adding a sensor: its file, one line here, its rule, its test. */
import type { MainSensor } from '../main/sensor.ts';
import { automationMarkersSensor } from './automation-markers.main.ts';
import { pageRequestsSensor } from './page-requests.main.ts';
import { scriptInsertionSensor } from './script-insertion.main.ts';
import { syntheticEventsSensor } from './synthetic-events.main.ts';

export const MAIN_SENSORS: readonly MainSensor[] = [
  automationMarkersSensor,
  scriptInsertionSensor,
  syntheticEventsSensor,
  pageRequestsSensor,
];
