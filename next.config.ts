// The lab serves everything itself (classrooms often have no internet): no remote images or fonts.
import type { NextConfig } from "next";
import { siteDistDir } from "./server/site-build";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The site's build checks the site's and server's types; `npm test` checks every file's (tsc).
  typescript: { tsconfigPath: "tsconfig.next.json" },
  turbopack: { root: import.meta.dirname },
  // Reference solutions may be hidden (LAB_REFERENCE=0): that site is a build of its own.
  distDir: siteDistDir(),
};

export default nextConfig;
