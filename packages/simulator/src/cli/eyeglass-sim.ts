/** Entry point of the `eyeglass-sim` command. */
import { runSimulatorCli } from './main.js';

await runSimulatorCli();
