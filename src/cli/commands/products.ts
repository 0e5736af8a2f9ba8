import type { Command } from 'commander';
import { addProduct, listProducts, WRITEBACK_PRODUCT } from '../../access/index.ts';
import { commandContext } from '../context.ts';
import { cliChangeContext, table } from './access-support.ts';

/** `rosterbridge products add|list`: products owned (licences), e.g. the writeback product. */
export function registerProducts(program: Command): void {
  const group = program.command('products').description(`products owned (licences); grade pass back needs "${WRITEBACK_PRODUCT}"`);
  group
    .command('add <name>')
    .description('record a licensed product')
    .action(async (name: string, _o: object, command: Command) => {
      const ctx = commandContext(command);
      const product = await ctx.withStore((store) => addProduct(store.db, cliChangeContext(store, ctx.config), name));
      ctx.output.result({ product }, () => `Recorded as owned: ${product.name}`);
    });
  group.command('list').description('list products owned').action(async (_o: object, command: Command) => {
    const ctx = commandContext(command);
    const products = await ctx.withStore((store) => listProducts(store.db));
    ctx.output.result({ products }, () => table(['PRODUCT', 'ADDED'], products.map((p) => [p.name, p.addedAt])));
  });
}
