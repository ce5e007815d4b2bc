import { API_HEADERS, SECURITY_HEADERS } from './lib/securityHeaders.mjs'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests and parallel work build into their own folder (NEXT_DIST_DIR) so builds never collide.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc) just before it builds and says so here, so the
  // build does not check the same files again. Every other build checks them.
  typescript: { ignoreBuildErrors: process.env.TYPES_CHECKED === '1' },
  reactStrictMode: true,
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      { source: '/api/:path*', headers: API_HEADERS },
    ]
  },
}

export default nextConfig
