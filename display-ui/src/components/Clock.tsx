import { useMemo } from 'react';
import { useClock } from '../hooks/useClock';

/** The hall's local time (the centre's time zone, not the device's), large enough to read across the hall. */
export function Clock({ timeZone }: { timeZone: string }) {
  const now = useClock();
  const formats = useMemo(() => {
    const zone = safeZone(timeZone);
    return {
      time: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: zone }),
      date: new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: zone }),
    };
  }, [timeZone]);
  return (
    <div className="clock">
      <time className="clock-time" dateTime={now.toISOString()}>
        {formats.time.format(now)}
      </time>
      <span className="clock-date">{formats.date.format(now)}</span>
    </div>
  );
}

function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'Asia/Karachi';
  }
}
