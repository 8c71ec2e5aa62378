// Builds the services (dist/apps/<service>/main.js) and the operational tools (dist/tools/<tool>.js)
// in one webpack run, dependencies left external. External is also what lets OpenTelemetry trace them: its
// instrumentations patch packages as they are require()d (http, express, @nestjs/core, pg, pino), which a
// package bundled into main.js never is. libs/tracing starts the SDK before main.ts loads any of them;
// the image installs them as production dependencies (Dockerfile, prod-deps stage).
// Type checking is not done here (it runs once, in `npm run typecheck`), which keeps the build fast.
const path = require('node:path');
const nodeExternals = require('webpack-node-externals');
const { TsconfigPathsPlugin } = require('tsconfig-paths-webpack-plugin');

const root = path.resolve(__dirname, '..', '..');
const services = ['producer', 'subscription', 'delivery', 'health', 'console'];
const tools = ['migrate', 'create-topics'];

module.exports = {
  mode: 'none',
  target: 'node',
  context: root,
  entry: {
    ...Object.fromEntries(
      services.map((service) => [`apps/${service}/main`, `./apps/${service}/src/main.ts`]),
    ),
    ...Object.fromEntries(tools.map((tool) => [`tools/${tool}`, `./tools/${tool}.ts`])),
  },
  output: { path: path.join(root, 'dist'), filename: '[name].js' },
  externalsPresets: { node: true },
  externals: [nodeExternals({ modulesDir: path.join(root, 'node_modules') })],
  devtool: 'source-map',
  optimization: { nodeEnv: false },
  node: { __dirname: false, __filename: false },
  resolve: {
    extensions: ['.ts', '.js'],
    plugins: [new TsconfigPathsPlugin({ configFile: path.join(root, 'tsconfig.json') })],
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: {
          loader: 'ts-loader',
          options: { transpileOnly: true, configFile: path.join(root, 'tsconfig.json') },
        },
      },
    ],
  },
  stats: 'errors-warnings',
};
