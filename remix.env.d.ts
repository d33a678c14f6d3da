/// <reference types="@remix-run/node" />

// The classic compiler turns `?url` imports of stylesheets into their built URL.
declare module "*.css?url" {
  const href: string;
  export default href;
}
