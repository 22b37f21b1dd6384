/** Plain pictograms for the default priority categories; any other category gets a star. */
export function PriorityIcon({ code }: { code: string }) {
  const common = { 'aria-hidden': true, viewBox: '0 0 64 64', width: 96, height: 96, className: 'priority-icon' } as const;
  switch (code) {
    case 'senior':
      return (
        <svg {...common}>
          <circle cx="28" cy="10" r="6" fill="currentColor" />
          <path d="M26 18c-6 2-9 10-9 18l6 1 2-9 1 12-6 20h6l6-16 5 16h6l-7-24 1-12 5 6" fill="none" stroke="currentColor" strokeWidth="5" strokeLinecap="round" strokeLinejoin="round" />
          <path d="M46 30v30" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
        </svg>
      );
    case 'disability':
      return (
        <svg {...common}>
          <circle cx="26" cy="8" r="6" fill="currentColor" />
          <path d="M26 16v20h16l6 16" fill="none" stroke="currentColor" strokeWidth="5" strokeLinecap="round" strokeLinejoin="round" />
          <path d="M26 26h12" stroke="currentColor" strokeWidth="5" strokeLinecap="round" />
          <path d="M18 28a16 16 0 1 0 22 20" fill="none" stroke="currentColor" strokeWidth="5" strokeLinecap="round" />
        </svg>
      );
    case 'pregnant':
      return (
        <svg {...common}>
          <circle cx="30" cy="8" r="6" fill="currentColor" />
          <path d="M28 16c-4 4-6 10-4 16 2 5 0 8-2 10h10c8-2 12-8 8-14-2-3-6-4-8-6l-2-6Z" fill="currentColor" />
          <path d="M25 42l-1 18M33 42l1 18" stroke="currentColor" strokeWidth="5" strokeLinecap="round" />
        </svg>
      );
    case 'none':
      return (
        <svg {...common}>
          <circle cx="32" cy="10" r="7" fill="currentColor" />
          <path d="M32 20v22M32 42l-8 18M32 42l8 18M18 28h28" fill="none" stroke="currentColor" strokeWidth="5" strokeLinecap="round" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <path d="m32 6 7.6 16.4L58 24.6 44.6 37l3.4 18L32 46l-16 9 3.4-18L6 24.6l18.4-2.2L32 6Z" fill="currentColor" />
        </svg>
      );
  }
}
