import type { ApolloServerPlugin } from '@apollo/server';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { PROFILE_EXAMPLE } from './example-operation';

/**
 * Apollo's default landing page loads its IDE from a CDN and stays blank offline. This serves
 * GraphiQL with every asset inlined, so the IDE works on a county network without internet.
 */
export function offlineGraphiQLPlugin(endpoint: string, ideKey?: string): ApolloServerPlugin {
  const html = renderGraphiQL({
    title: '户情数据融合平台 · Household integration hub',
    endpoint,
    defaultQuery: PROFILE_EXAMPLE,
    // Every request needs a key; the headers tab starts with the demo's key, or a place for yours.
    headers: JSON.stringify({ Authorization: `Bearer ${ideKey ?? 'hub_…your key…'}` }, null, 2),
    defaultEditorToolsVisibility: ideKey ? true : 'headers',
  });
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
