import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "public/build/", "server/db/generated/", "node_modules/", "data/", "tests/e2e/screenshots/"] },
  js.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  {
    files: ["tests/**/*.ts", "prisma/scripts/**"],
    rules: { "no-console": "off" },
  },
  {
    // app/ may import from server/ only types and pure *.schema.ts / data files.
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "server/(?!.*\\.schema$)(?!modules/members/places$)",
              message: "app/ may import only types and pure *.schema.ts files from server/.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
