export {
	seedDemo,
	demoWindow,
	type DemoOptions,
	type DemoSummary,
	type DemoPlanted
} from './seed-demo';
export type { DemoAccount } from './accounts';
