/** Every MAIN-world sensor, in install order. Adding a sensor: its file, one line here, its rule, its test. */
import type { MainSensor } from '../main/sensor.ts';
import { automationMarkersSensor } from './automation-markers.main.ts';
import { dynamicCodeSensor } from './dynamic-code.main.ts';
import { frameTimelineSensor } from './frame-timeline.main.ts';
import { hookTamperSensor } from './hook-tamper.main.ts';
import { keyloggerSensor } from './keylogger.main.ts';
import { navigationsSensor } from './navigations.main.ts';
import { pageRequestsSensor } from './page-requests.main.ts';
import { peerConnectionsSensor } from './peer-connections.main.ts';
import { pristineFramesSensor } from './pristine-frames.main.ts';
import { scheduledCallbacksSensor } from './scheduled-callbacks.main.ts';
import { scriptInsertionSensor } from './script-insertion.main.ts';
import { secretReadsSensor } from './secret-reads.main.ts';
import { syntheticEventsSensor } from './synthetic-events.main.ts';

export const MAIN_SENSORS: readonly MainSensor[] = [
  automationMarkersSensor,
  scriptInsertionSensor,
  dynamicCodeSensor,
  // After dynamic-code: the timers' one wrapper asks it first, with the page's own callback (calls-observed.ts).
  scheduledCallbacksSensor,
  syntheticEventsSensor,
  pageRequestsSensor,
  peerConnectionsSensor,
  navigationsSensor,
  secretReadsSensor,
  keyloggerSensor,
  pristineFramesSensor,
  frameTimelineSensor,
  hookTamperSensor,
];
