import type { RemoteFile } from './download-to-cache.js';

/** The names of the built-in downloads in {@link DATASET_SOURCES}. */
export type DatasetSourceName =
  | 'tinyShakespeare'
  | 'imdb'
  | 'nsmcTrain'
  | 'nsmcTest'
  | 'fraEng'
  | 'spaEng'
  | 'chatbotData';

/**
 * The built-in downloads of the dataset loaders, each with the checksum it is verified against and
 * where that checksum comes from.
 *
 * - `tinyShakespeare`: karpathy/char-rnn `input.txt`; sha256 as in tensorflow/datasets
 *   `url_checksums/tiny_shakespeare.txt` (and the git blob of commit 6f9487a).
 * - `imdb`: Stanford `aclImdb_v1.tar.gz`; sha256 and size from tensorflow/datasets `url_checksums/imdb_reviews.txt`.
 * - `nsmcTrain`, `nsmcTest`: e9t/nsmc `ratings_train.txt` / `ratings_test.txt`; sha256 and sizes from
 *   huggingface/datasets `datasets/nsmc/dataset_infos.json` (`download_checksums`).
 * - `fraEng`: d2l.ai's copy of the manythings.org `fra-eng.zip` (two columns, no attribution);
 *   sha1 from the d2l book (`d2l.DATA_HUB['fra-eng']`). The TensorFlow tutorials' copy has no
 *   published checksum; pass its `url` with your own `sha256` to use it.
 * - `spaEng`: the TensorFlow tutorials' `spa-eng.zip`. **No published checksum was found**: it is
 *   checked by size (2,638,744 bytes, as Keras reports it) and by the zip's own CRC-32 of `spa.txt`.
 *   Pass `sha256` to pin it.
 * - `chatbotData`: songys/Chatbot_data `ChatbotData.csv` pinned to commit 4cf20d1; its git blob id.
 */
export const DATASET_SOURCES: Readonly<Record<DatasetSourceName, RemoteFile>> = {
  tinyShakespeare: {
    name: 'tinyshakespeare',
    extension: '.txt',
    url: 'https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt',
    checksum: {
      algorithm: 'sha256',
      digest: '86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed',
    },
    size: 1_115_394,
  },
  imdb: {
    name: 'aclImdb_v1',
    extension: '.tar.gz',
    url: 'https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz',
    checksum: {
      algorithm: 'sha256',
      digest: 'c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe',
    },
    size: 84_125_825,
  },
  nsmcTrain: {
    name: 'nsmc-ratings_train',
    extension: '.txt',
    url: 'https://raw.githubusercontent.com/e9t/nsmc/master/ratings_train.txt',
    checksum: {
      algorithm: 'sha256',
      digest: 'e03b7d14e9e41be8d464a28057cd25d7396c53e67aa7fd5f7e552c59b0ee2940',
    },
    size: 14_628_807,
  },
  nsmcTest: {
    name: 'nsmc-ratings_test',
    extension: '.txt',
    url: 'https://raw.githubusercontent.com/e9t/nsmc/master/ratings_test.txt',
    checksum: {
      algorithm: 'sha256',
      digest: '8ac9f64052f11dbf6ae0acb5e038f03d90a76f0eda7820cfb3a92d02edfcebda',
    },
    size: 4_893_335,
  },
  fraEng: {
    name: 'fra-eng',
    extension: '.zip',
    url: 'https://d2l-data.s3-accelerate.amazonaws.com/fra-eng.zip',
    checksum: { algorithm: 'sha1', digest: '94646ad1522d915e7b0f9296181140edcf86a4f5' },
  },
  spaEng: {
    name: 'spa-eng',
    extension: '.zip',
    url: 'https://storage.googleapis.com/download.tensorflow.org/data/spa-eng.zip',
    size: 2_638_744,
  },
  chatbotData: {
    name: 'ChatbotData-4cf20d1',
    extension: '.csv',
    url: 'https://raw.githubusercontent.com/songys/Chatbot_data/4cf20d13fc46f5037fd1c531cd566e2dd9f72974/ChatbotData.csv',
    checksum: { algorithm: 'gitBlob', digest: '4cc2bfa9a124991dc5ca80f5da1786f4162f46e1' },
    size: 889_842,
  },
};
