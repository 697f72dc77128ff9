// The lab serves everything itself (classrooms often have no internet): no remote images or fonts.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The site's build checks the site's and server's types; `npm test` checks every file's (tsc).
  typescript: { tsconfigPath: "tsconfig.next.json" },
  turbopack: { root: import.meta.dirname },
  // Reference solutions may be hidden at build time (LAB_REFERENCE=0); the build reads it here.
  env: { LAB_REFERENCE: process.env.LAB_REFERENCE ?? "1" },
};

export default nextConfig;
