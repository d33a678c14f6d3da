/** A member's picture, or their initials on a coloured circle when they have none. Decorative: the name is always next to it. */
export function Avatar({ url, name, size = 48 }: { url: string | null; name: string; size?: number }) {
  if (url) return <img src={url} alt="" width={size} height={size} className="tpc-avatar" loading="lazy" />;
  const initials = name.split(/\s+/).map((w) => w[0] ?? "").join("").slice(0, 2).toUpperCase();
  return (
    <span className="tpc-avatar tpc-avatar--initials" aria-hidden="true" style={{ width: size, height: size, fontSize: size / 2.6 }}>
      {initials}
    </span>
  );
}
