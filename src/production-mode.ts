// Imported first by `src/main.ts`: graphql-js and Express read NODE_ENV when they are loaded (graphql-js
// then picks its production type checks), which is before any statement of main.ts itself runs.
// `npm start` and the Dockerfile set it too; this keeps `node dist/main.js` alone the same. An empty
// NODE_ENV counts as unset: graphql-js and Express would otherwise take it for development.
process.env.NODE_ENV ||= 'production';
