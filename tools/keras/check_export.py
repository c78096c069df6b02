"""Reads models that seq's `saveForKeras` wrote, in Keras 3, and checks Keras computes their numbers.

    python tools/keras/check_export.py [--write] [--hub path/to/keras_hub/source] FOLDER [FOLDER ...]

or, from Python, `load_seq_export(folder)` returns the `keras.Model` (then `model.save('x.keras')`,
`model.fit(...)` on your accelerators...).

Each FOLDER holds `model.json` and its weights as `saveForKeras` writes them, and `expected.json`
(inputs, and the outputs seq computed). The topology is read with Keras 3's own reader of
converted and HDF5 models (`keras.src.legacy.saving.saving_utils.model_from_config`, what
`keras.models.load_model` uses for `.h5` files, and what `tensorflowjs_converter --input_format
tfjs_layers_model --output_format keras` produces), the weights are set by name as the converter
sets them (the full name, else without the cell: `gru/gru_cell/kernel` from `gru/kernel`), and
Keras' `predict` is compared with seq's outputs (when the folder has an `expected.json`: inputs and
seq's outputs, as `write-exports.ts` writes it). Prints one line per folder; exits 1 on a
difference over 1e-4 or a model Keras cannot read. With `--write`, Keras' outputs are written to
`keras.json` in each folder (the test suite compares seq's with them).
"""
import json, os, sys

args = sys.argv[1:] if __name__ == '__main__' else []
write = '--write' in args
args = [a for a in args if a != '--write']
if '--hub' in args:
    i = args.index('--hub')
    sys.path.insert(0, args[i + 1])
    del args[i:i + 2]
os.environ.setdefault('KERAS_BACKEND', 'tensorflow')
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras.src.legacy.saving import saving_utils  # noqa: E402

# keras-hub's layers register themselves (as keras_hub>... and keras_nlp>...) when imported.
for module in ['transformer_encoder', 'transformer_decoder', 'sine_position_encoding',
               'position_embedding', 'token_and_position_embedding']:
    try:
        __import__(f'keras_hub.src.layers.modeling.{module}')
    except ImportError:
        pass

DTYPES = {'float32': np.float32, 'int32': np.int32}


def read_weights(folder, manifest):
    out = {}
    for group in manifest:
        data = b''.join(open(os.path.join(folder, p), 'rb').read() for p in group['paths'])
        offset = 0
        for spec in group['weights']:
            dtype = DTYPES[spec['dtype']]
            count = int(np.prod(spec['shape'])) if spec['shape'] else 1
            array = np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(spec['shape'])
            out[spec['name']] = array
            offset += count * 4
    return out


def all_layers(model):
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            yield from all_layers(layer)
        else:
            yield layer


def load_seq_export(folder):
    """The Keras model of a folder `saveForKeras` wrote (Keras 3 format), with its weights."""
    with open(os.path.join(folder, 'model.json')) as f:
        artifacts = json.load(f)
    model = saving_utils.model_from_config(artifacts['modelTopology']['model_config'])
    weights = read_weights(folder, artifacts['weightsManifest'])
    used = set()
    for layer in all_layers(model):
        values = []
        for w in layer.weights:
            name = w.path
            parts = name.split('/')
            short = '/'.join(parts[:-2] + parts[-1:])
            # Keras 3 puts the model's name first (sequential/gru/gru_cell/kernel).
            tail = '/'.join(parts[1:])
            tail_short = '/'.join(parts[1:-2] + parts[-1:])
            key = next((k for k in [name, short, tail, tail_short] if k in weights), None)
            if key is None:
                raise KeyError(f'{name} (or {short}) is not in the file: {sorted(weights)}')
            used.add(key)
            values.append(weights[key])
        layer.set_weights(values)
    unused = set(weights) - used
    if unused:
        raise KeyError(f'weights of the file no layer took: {sorted(unused)}')
    return model


def check(folder):
    model = load_seq_export(folder)
    classes = sorted({l.__class__.__name__ for l in all_layers(model)} - {'InputLayer'})
    if not os.path.exists(os.path.join(folder, 'expected.json')):
        return None, classes  # read; nothing to compare with
    with open(os.path.join(folder, 'expected.json')) as f:
        expected = json.load(f)
    inputs = [np.array(i['data'], dtype=DTYPES[i['dtype']]).reshape(i['shape']) for i in expected['inputs']]
    outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    if write:
        with open(os.path.join(folder, 'keras.json'), 'w') as f:
            json.dump({'keras_version': keras.__version__, 'backend': keras.backend.backend(),
                       'outputs': [{'shape': list(np.shape(o)), 'data': np.asarray(o, dtype=np.float64).ravel().tolist()}
                                   for o in outputs]}, f)
            f.write('\n')
    worst = 0.0
    for got, want in zip(outputs, expected['outputs']):
        want = np.array(want['data'], dtype=np.float32).reshape(want['shape'])
        worst = max(worst, float(np.max(np.abs(np.asarray(got) - want))))
    return worst, classes


failed = False
for folder in args:  # empty when imported
    try:
        worst, classes = check(folder)
        if worst is None:
            print(f"ok   {folder}: Keras read it ({', '.join(classes)}); no expected.json to compare with")
            continue
        ok = worst <= 1e-4
        failed |= not ok
        print(f"{'ok  ' if ok else 'FAIL'} {folder}: max |Keras - seq| = {worst:.2e} ({', '.join(classes)})")
    except Exception as error:  # noqa: BLE001
        failed = True
        print(f'FAIL {folder}: {type(error).__name__}: {str(error)[:600]}')
if __name__ == '__main__':
    sys.exit(1 if failed else 0)
