/**
 * Date-time pickers in Shanghai time. The app shows every time in Asia/Shanghai whatever the
 * browser's zone (`fmtTime`), so a picked wall-clock time is read as Shanghai time too.
 */
import dayjs, { type Dayjs } from 'dayjs';
import { shanghaiInstant } from '../../core/calendar';
import { fmtTime } from './format';

/** The instant a picker's date and time name in Shanghai, as ISO 8601. */
export const shanghaiIso = (d: Dayjs): string => shanghaiInstant(d.format('YYYY-MM-DD'), d.format('HH:mm')).toISOString();

/** A picker value that shows the instant's Shanghai date and time (now by default). */
export const shanghaiPickerValue = (at: Date = new Date()): Dayjs => dayjs(fmtTime(at.toISOString()));
