/** Room names, in one place so emitters and joiners agree. */
export const rooms = {
  /** Displays of a center watching one zone, or the whole hall (`zone` null). */
  display: (centerId: string, zone: string | null) => `display:${centerId}:${zone ?? '*'}`,
  /** The prefix every display room of a center starts with. */
  displaysOf: (centerId: string) => `display:${centerId}:`,
  /** Staff consoles and dashboards of a center. */
  staff: (centerId: string) => `staff:${centerId}`,
  /** The page(s) of one kiosk (joined with its first heartbeat): where its print jobs go. */
  kiosk: (centerId: string, deviceId: string) => `kiosk:${centerId}:${deviceId}`,
  /** The phones following one ticket. */
  ticket: (publicId: string) => `ticket:${publicId}`,
};
