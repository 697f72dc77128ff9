// The lab serves everything itself (classrooms often have no internet): no remote images or fonts.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The site's build checks the site's and server's types; `npm test` checks every file's (tsc).
  typescript: { tsconfigPath: "tsconfig.next.json" },
  turbopack: { root: import.meta.dirname },
  // Reference solutions may be hidden (LAB_REFERENCE=0): that site is a build of its own, in a
  // folder of its own, so it holds no reference code and both can exist side by side.
  env: { LAB_REFERENCE: process.env.LAB_REFERENCE ?? "1" },
  distDir: process.env.LAB_REFERENCE === "0" ? ".next-no-reference" : ".next",
};

export default nextConfig;
