import type { Config } from 'tailwindcss'

export default {
  content: ['./app/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        brand: { 50: '#eef6f6', 100: '#d5eaea', 600: '#1f6f6f', 700: '#175858', 800: '#114444' },
      },
    },
  },
  plugins: [],
} satisfies Config
