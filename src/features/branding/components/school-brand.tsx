import { useEffect } from 'react';
import { useT } from '../../../i18n/i18n';
import { useBranding } from '../api/get-branding';
import { accentPalette, applyAccent } from '../lib/accent';

/** Applies the school's colour as the app's accent (CSS variables on <html>); renders nothing. */
export function SchoolAccent() {
  const color = useBranding().data?.color ?? null;
  useEffect(() => {
    const root = document.documentElement;
    applyAccent(color === null ? null : accentPalette(color), root);
  }, [color]);
  return null;
}

/** A thin stripe in the school's own colour, as chosen (decoration, no text on it); nothing without one. */
export function SchoolStripe() {
  const color = useBranding().data?.color ?? null;
  if (color === null) return null;
  return <div aria-hidden="true" className="h-1 bg-brand" />;
}

const sizes = {
  header: { logo: 'h-8 max-w-32', name: 'text-base font-semibold' },
  login: { logo: 'h-14 max-w-48', name: 'text-lg font-semibold' },
} as const;

/** The school's logo and name from Nextcloud's theming; nothing when the school set neither. */
export function SchoolBrand({ size }: { size: keyof typeof sizes }) {
  const t = useT();
  const branding = useBranding().data;
  if (!branding || (branding.name === null && branding.logoUrl === null)) return null;
  const { name, logoUrl } = branding;
  return (
    <p className="flex min-w-0 items-center gap-2">
      {logoUrl !== null && (
        // With the name beside it the logo says nothing more; alone it names the school's logo.
        <img src={logoUrl} alt={name === null ? t('branding.logo') : ''} className={`w-auto object-contain ${sizes[size].logo}`} />
      )}
      {name !== null && <span className={`truncate ${sizes[size].name}`}>{name}</span>}
    </p>
  );
}
