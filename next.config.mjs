import { API_HEADERS, SECURITY_HEADERS } from './lib/securityHeaders.mjs'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests and parallel work build into their own folder (NEXT_DIST_DIR) so builds never collide.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      { source: '/api/:path*', headers: API_HEADERS },
    ]
  },
}

export default nextConfig
