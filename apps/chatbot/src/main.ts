import {
  type CliSpec,
  helpText,
  numberOption,
  type ParsedCli,
  parseCli,
  runMain,
  selectBackend,
  stringOption,
  trainCommand,
  UsageError,
} from '@seq/app-kit';
import { chatSession } from './chat-session.js';
import { generateReplies, type ReplyOptions } from './generate-reply.js';
import { type ChatbotOptions, readRun, runChatbot } from './run-chatbot.js';

const USAGE = 'pnpm --filter @seq/app-chatbot start --';
const backendOption = {
  type: 'string',
  value: '<name>',
  description: 'tensorflow, wasm or cpu',
  defaultText: 'the best that loads here',
} as const;

const trainSpec: CliSpec = {
  app: 'chatbot',
  usage: `${USAGE} [train] [options]\n       ${USAGE} chat --run <dir> [options]\n       ${USAGE} reply "question" --run <dir> [options]`,
  summary: `A Korean chatbot, chapter 16's Transformer on ChatbotData (songys/Chatbot_data, Q/A pairs): the pairs
are split by question (seeded; 5% validation, 5% test), a subword tokenizer (byte-pair encoding) is
trained on the training questions and answers, and an encoder-decoder Transformer learns to answer with
teacher forcing and a loss masked at padding. It reports the cross-entropy and perplexity per answer
token on held-out pairs, replies to ten test questions, and writes config.json, metrics.json,
results.md, the model (tf.io format), tokenizer.json and a loss plot (SVG and PNG) to the output folder.
Checkpoints every epoch: Ctrl-C stops after the epoch is saved, --resume continues.
'chat --help' and 'reply --help' explain talking to a trained model.`,
  options: {
    data: {
      type: 'string',
      value: '<file>',
      description: 'a ChatbotData CSV (Q,A,label)',
      defaultText:
        '../shared/data/chatbot-ko/ChatbotData_train.csv from the repository root if present, else downloaded',
    },
    'max-pairs': {
      type: 'string',
      value: '<n>',
      description: 'use only the first n pairs of the file (0: all)',
      defaultText: '0',
    },
    vocabulary: {
      type: 'string',
      value: '<n>',
      description: 'subword ids (4 special and 256 byte tokens included)',
      defaultText: '3000; 400 with --quick',
    },
    length: {
      type: 'string',
      value: '<n>',
      description: 'ids per question and per answer (longer ones are cut)',
      defaultText: '20; 16 with --quick',
    },
    width: {
      type: 'string',
      value: '<n>',
      description: 'model width d_model (a multiple of --heads)',
      defaultText: '128; 32 with --quick',
    },
    heads: {
      type: 'string',
      value: '<n>',
      description: 'attention heads',
      defaultText: '4; 2 with --quick',
    },
    'ff-units': {
      type: 'string',
      value: '<n>',
      description: 'hidden units of the feed-forward networks',
      defaultText: '512; 64 with --quick',
    },
    layers: {
      type: 'string',
      value: '<n>',
      description: 'blocks in the encoder and in the decoder',
      defaultText: '1',
    },
    'batch-size': {
      type: 'string',
      value: '<n>',
      description: 'batch size',
      defaultText: '64; 16 with --quick',
    },
    epochs: {
      type: 'string',
      value: '<n>',
      description: 'training epochs',
      defaultText: '8; 20 with --quick',
    },
    'learning-rate': {
      type: 'string',
      value: '<x>',
      description: 'Adam learning rate',
      defaultText: '0.0015; 0.005 with --quick',
    },
    beam: {
      type: 'string',
      value: '<n>',
      description: 'beam width of the replies in results.md (1: greedy)',
      defaultText: '4',
    },
    seed: {
      type: 'string',
      value: '<n>',
      description: 'seed of the split, the weights and the batch order',
      defaultText: '42',
    },
    backend: backendOption,
    out: {
      type: 'string',
      value: '<dir>',
      description: 'output folder',
      defaultText: 'runs/chatbot/<timestamp>',
    },
    resume: {
      type: 'string',
      value: '<dir>',
      description: 'continue the interrupted run in this output folder (with its config)',
    },
    quick: {
      type: 'boolean',
      description: 'a small run (well under 90 s on 2 cores), used by the test suite',
    },
  },
};

const replyOptions: CliSpec['options'] = {
  run: { type: 'string', value: '<dir>', description: 'the output folder of a training run' },
  temperature: {
    type: 'string',
    value: '<x>',
    description: 'softmax temperature; 0 for the most likely token (greedy)',
    defaultText: '0.7',
  },
  'top-k': {
    type: 'string',
    value: '<k>',
    description: 'sample among the k most likely tokens (0: all)',
    defaultText: '0',
  },
  'top-p': {
    type: 'string',
    value: '<p>',
    description: 'sample among the most likely tokens up to probability p',
    defaultText: '0.9',
  },
  beam: {
    type: 'string',
    value: '<n>',
    description: 'beam width; above 1, beam search instead of sampling',
    defaultText: '1',
  },
  seed: { type: 'string', value: '<n>', description: 'seed of the sampling', defaultText: '42' },
  backend: backendOption,
};

const chatSpec: CliSpec = {
  app: 'chatbot',
  usage: `${USAGE} chat --run <dir> [options]`,
  summary: `Talks with the model a training run saved: reads questions from standard input, one a line, and
prints one reply a line until the end of the input (Ctrl-D; a pipe works too:
echo "안녕" | ${USAGE} chat --run <dir>). The question is encoded once and the reply decoded with the
decoder's KV cache, by sampling (temperature, top-k, top-p; seeded per turn) or beam search (--beam).`,
  options: replyOptions,
};

const replySpec: CliSpec = {
  app: 'chatbot',
  usage: `${USAGE} reply "question" --run <dir> [options]`,
  summary: 'Prints one reply to the question, as chat does for one line.',
  options: replyOptions,
};

function readTrainOptions(parsed: ParsedCli): ChatbotOptions {
  const quick = parsed.values.quick === true;
  const data = stringOption(parsed, 'data');
  const width = numberOption(parsed, 'width', quick ? 32 : 128, {
    min: 4,
    max: 4096,
    integer: true,
  });
  const heads = numberOption(parsed, 'heads', quick ? 2 : 4, { min: 1, max: 64, integer: true });
  if (width % heads !== 0) {
    throw new UsageError(`--width must be a multiple of --heads (${heads}); received ${width}`);
  }
  return {
    ...(data === undefined ? {} : { data }),
    maxPairs: numberOption(parsed, 'max-pairs', 0, { min: 0, integer: true }),
    vocabularySize: numberOption(parsed, 'vocabulary', quick ? 400 : 3000, {
      min: 261,
      max: 100_000,
      integer: true,
    }),
    length: numberOption(parsed, 'length', quick ? 16 : 20, { min: 2, max: 512, integer: true }),
    embeddingDim: width,
    numHeads: heads,
    intermediateDim: numberOption(parsed, 'ff-units', quick ? 64 : 512, {
      min: 1,
      max: 16_384,
      integer: true,
    }),
    numLayers: numberOption(parsed, 'layers', 1, { min: 1, max: 24, integer: true }),
    batchSize: numberOption(parsed, 'batch-size', quick ? 16 : 64, { min: 1, integer: true }),
    epochs: numberOption(parsed, 'epochs', quick ? 20 : 8, { min: 1, integer: true }),
    learningRate: numberOption(parsed, 'learning-rate', quick ? 0.005 : 0.0015, {
      min: 1e-7,
      max: 1,
    }),
    beam: numberOption(parsed, 'beam', 4, { min: 1, max: 64, integer: true }),
    seed: numberOption(parsed, 'seed', 42, { min: 0, max: 2 ** 31 - 1, integer: true }),
  };
}

function train(argv: string[]): Promise<void> {
  return trainCommand<ChatbotOptions>(argv, {
    spec: trainSpec,
    readOptions: readTrainOptions,
    positionalsHint: 'subcommands: train, chat, reply; see --help',
    run: runChatbot,
  });
}

/** The decoding options shared by `chat` and `reply`. */
function readReplyOptions(parsed: ParsedCli): ReplyOptions {
  return {
    temperature: numberOption(parsed, 'temperature', 0.7, { min: 0, max: 100 }),
    topK: numberOption(parsed, 'top-k', 0, { min: 0, integer: true }),
    topP: numberOption(parsed, 'top-p', 0.9, { min: 1e-6, max: 1 }),
    beam: numberOption(parsed, 'beam', 1, { min: 1, max: 64, integer: true }),
    seed: numberOption(parsed, 'seed', 42, { min: 0, max: 2 ** 31 - 1, integer: true }),
  };
}

async function talk(command: 'chat' | 'reply', argv: string[]): Promise<void> {
  const spec = command === 'chat' ? chatSpec : replySpec;
  const parsed = parseCli(spec, argv);
  if (parsed.help) {
    console.log(helpText(spec));
    return;
  }
  const run = stringOption(parsed, 'run');
  if (run === undefined) {
    throw new UsageError(`${command} needs --run <dir>, the output folder of a training run`);
  }
  const options = readReplyOptions(parsed);
  const question = parsed.positionals.join(' ').trim();
  if (command === 'reply' && question === '') {
    throw new UsageError('reply needs a question: reply "안녕하세요" --run <dir>');
  }
  if (command === 'chat' && parsed.positionals.length > 0) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(parsed.positionals[0])}: chat reads questions from standard input`,
    );
  }
  await selectBackend(stringOption(parsed, 'backend'));
  const { model, options: config, tokenizer } = await readRun(run);
  if (command === 'reply') {
    const [reply] = await generateReplies(model, tokenizer, [question], config.length, options);
    console.log(reply ?? '');
    return;
  }
  const interactive = process.stdin.isTTY === true;
  if (interactive) console.log('chatbot: type a question, Ctrl-D to leave');
  await chatSession(model, tokenizer, config.length, options, {
    input: process.stdin,
    output: process.stdout,
    prompt: interactive,
  });
}

await runMain('chatbot', async () => {
  const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  if (argv[0] === 'chat' || argv[0] === 'reply') await talk(argv[0], argv.slice(1));
  else await train(argv[0] === 'train' ? argv.slice(1) : argv);
});
