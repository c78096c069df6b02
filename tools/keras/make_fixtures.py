"""Writes the Keras fixtures of tools/keras/fixtures (see README.md there).

Run with Keras 3 and TensorFlow installed (made with keras 3.15.1 and tensorflow-cpu 2.21.0):

    python tools/keras/make_fixtures.py [path/to/shared/golden] [path/to/keras_hub/source]

For each model: builds it in Keras 3, sets its weights (from ../shared/golden where a golden case
matches the layer, else seeded random numbers), saves it as `tensorflowjs_converter --input_format
keras` does (model.save to HDF5, then the HDF5 `model_config`, `keras_version`, `backend` and
`model_weights` become model.json and one float32 shard, as tensorflowjs 4.22's
keras_h5_conversion.py does), and records inputs and Keras' own outputs in expected.json. Then
writes the Keras 2.15 flavour of the same file by the documented differences (see README.md).
"""
import copy, json, os, sys, tempfile
import h5py, numpy as np

GOLDEN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '../../../shared/golden')
HUB = sys.argv[2] if len(sys.argv) > 2 else None
if HUB: sys.path.insert(0, HUB)
os.environ.setdefault('KERAS_BACKEND', 'tensorflow')
import keras  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')
rng = np.random.default_rng(20261129)


def golden(name):
    with open(os.path.join(GOLDEN, name)) as f:
        return json.load(f)


def array(entry):
    return np.array(entry['data'], dtype=np.float32).reshape(entry['shape'])


def text(b):
    return b.decode('utf-8') if isinstance(b, bytes) else b


def h5_weights(group):
    out = []
    if 'weight_names' in group.attrs:
        for n in [text(n) for n in group.attrs['weight_names'].tolist()]:
            out.append((n[:-2] if n.endswith(':0') else n, np.array(group[n])))
    else:
        for k in group.keys():
            out += h5_weights(group[k])
    return out


def convert(model):
    """model.json and the weights, as tensorflowjs_converter writes them from Keras' HDF5."""
    tmp = tempfile.mktemp() + '.h5'
    model.save(tmp)
    with h5py.File(tmp, 'r') as f:
        topology = {'keras_version': text(f.attrs['keras_version']), 'backend': text(f.attrs['backend']),
                    'model_config': json.loads(text(f.attrs['model_config']))}
        weights = []
        for name in [text(n) for n in f['model_weights']]:
            weights += h5_weights(f['model_weights'][name])
    os.remove(tmp)
    return topology, weights


def write(folder, version, topology, weights, inputs, outputs):
    os.makedirs(folder, exist_ok=True)
    data = b''.join(np.asarray(w, dtype=np.float32).tobytes() for _, w in weights)
    with open(os.path.join(folder, 'group1-shard1of1.bin'), 'wb') as f:
        f.write(data)
    model_json = {'format': 'layers-model', 'generatedBy': 'keras v%s' % version,
                  'convertedBy': 'TensorFlow.js Converter v4.22.0', 'modelTopology': topology,
                  'weightsManifest': [{'paths': ['group1-shard1of1.bin'], 'weights': [
                      {'name': n, 'shape': list(w.shape), 'dtype': 'float32'} for n, w in weights]}]}
    with open(os.path.join(folder, 'model.json'), 'w') as f:
        json.dump(model_json, f, indent=1)
    expected = {'inputs': [{'shape': list(x.shape), 'dtype': 'int32' if x.dtype.kind == 'i' else 'float32',
                            'data': x.reshape(-1).tolist()} for x in inputs],
                'outputs': [{'shape': list(y.shape), 'data': np.asarray(y, dtype=np.float64).reshape(-1).tolist()} for y in outputs],
                'tolerance': 1e-4}
    with open(os.path.join(folder, 'expected.json'), 'w') as f:
        json.dump(expected, f)


# ---- the Keras 2.15 flavour, from the documented differences ----------------------------------

def keras2_value(v):
    if isinstance(v, dict):
        if v.get('class_name') == 'DTypePolicy':
            return v['config']['name']
        return {k: keras2_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [keras2_value(x) for x in v]
    return v


def keras2_ref(t):
    return [t['config']['keras_history'][0], t['config']['keras_history'][1], t['config']['keras_history'][2]]


def keras2_node(node, positional):
    """Keras 3's {args, kwargs} as Keras 2's [[layer, node, tensor, kwargs], ...]."""
    args = node['args']
    tensors = args[0] if len(args) == 1 and isinstance(args[0], list) else args
    refs = [keras2_ref(t) for t in tensors]
    kwargs = {k: v for k, v in node['kwargs'].items() if k not in ('training', 'mask') and v is not None}
    if positional is not None and len(refs) > 1:  # call(query, value): Keras 2 passes value by keyword
        kwargs.update({name: ref for name, ref in zip(positional[1:], refs[1:])})
        refs = refs[:1]
    return [ref + [kwargs if i == 0 else {}] for i, ref in enumerate(refs)]


POSITIONAL = {'MultiHeadAttention': ['query', 'value', 'key']}
K2_DROP = {'GRU': ['seed', 'zero_output_for_mask'], 'LSTM': ['seed', 'zero_output_for_mask'],
           'SimpleRNN': ['seed', 'zero_output_for_mask'], 'MultiHeadAttention': ['use_gate', 'sliding_window', 'seed'],
           'Attention': ['seed'], 'AdditiveAttention': ['seed'], 'Dropout': ['seed'], 'Embedding': ['embeddings_constraint_', 'lora_rank', 'lora_alpha'],
           'Dense': ['lora_rank', 'lora_alpha', 'quantization_config']}
K2_ADD = {'GRU': {'time_major': False, 'implementation': 2}, 'LSTM': {'time_major': False, 'implementation': 2},
          'SimpleRNN': {'time_major': False}}


def keras2(topology, weights, model_name):
    t = copy.deepcopy(topology)
    t['keras_version'] = '2.15.0'
    mc = t['model_config']
    mc['config'] = keras2_value(mc['config'])
    for key in ('trainable', 'dtype', 'build_input_shape'):
        mc['config'].pop(key, None)
    # Keras 3 writes the mask of an Embedding(mask_zero=True) as a NotEqual op node passed to each
    # layer as `mask`; Keras 2 propagates masks without writing them (keras2_node drops `mask`).
    mc['config']['layers'] = [l for l in mc['config']['layers'] if l['class_name'] != 'NotEqual']
    for layer in mc['config']['layers']:
        cls = layer['class_name']
        cfg = layer['config']
        if cls == 'InputLayer':
            cfg['batch_input_shape'] = cfg.pop('batch_shape')
            cfg.pop('optional', None)
        for k in K2_DROP.get(cls, []):
            cfg.pop(k, None)
        cfg.update(K2_ADD.get(cls, {}))
        if cls.startswith('keras_hub>'):
            layer['class_name'] = 'keras_nlp>' + cls.split('>')[1]
        if 'inbound_nodes' in layer:
            layer['inbound_nodes'] = [keras2_node(n, POSITIONAL.get(cls)) for n in layer['inbound_nodes']]
    for key in ('input_layers', 'output_layers'):
        v = mc['config'].get(key)
        if v is not None and v and isinstance(v[0], str):
            mc['config'][key] = [v]
    prefix = model_name + '/'
    named = [(n[len(prefix):] if n.startswith(prefix) else n, w) for n, w in weights]
    return t, named


def save(name, model, inputs, hub=False):
    topology, weights = convert(model)
    outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    outputs = outputs if isinstance(outputs, list) else [outputs]
    write(os.path.join(OUT, 'keras3', name), topology['keras_version'], topology, weights, inputs, outputs)
    t2, w2 = keras2(topology, weights, model.name)
    write(os.path.join(OUT, 'keras2', name), '2.15.0', t2, w2, inputs, outputs)
    print(name, [n for n, _ in weights])


def randomize(model, scale=0.5):
    model.set_weights([rng.uniform(-scale, scale, w.shape).astype(np.float32) for w in model.get_weights()])


# GRU (reset_after, Keras' default), with the golden case's weights: tfjs' own GRU refuses it.
g = golden('gru_reset_after.json')
m = keras.Sequential([keras.Input((7, 5)), keras.layers.GRU(4, return_sequences=True)], name='sequential')
m.set_weights([array(w) for w in g['weights']])
save('gru', m, [array(g['inputs']['x'])])

# Conv1D, causal and dilated, with the golden case's weights.
g = golden('conv1d_causal_dilated.json')
m = keras.Sequential([keras.Input((12, 3)), keras.layers.Conv1D(4, 2, padding='causal', dilation_rate=4)], name='sequential')
m.set_weights([array(w) for w in g['weights']])
save('conv1d', m, [array(g['inputs']['x'])])

# tfjs-native layers (Embedding, Dropout, Dense) around a mapped GRU, Functional.
tokens = keras.Input((6,), dtype='int32', name='tokens')
x = keras.layers.Embedding(20, 8)(tokens)
x = keras.layers.Dropout(0.1)(x)
x = keras.layers.GRU(5, return_sequences=True)(x)
x = keras.layers.Dense(3)(x)
m = keras.Model(tokens, x)
randomize(m)
save('mixed', m, [rng.integers(0, 20, (3, 6)).astype(np.int32)])

# MultiHeadAttention, self-attention on one input.
inp = keras.Input((5, 8), name='x')
y = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)(inp, inp)
m = keras.Model(inp, y)
randomize(m)
save('multi_head_attention', m, [rng.uniform(-1, 1, (2, 5, 8)).astype(np.float32)])

# Luong (dot, scaled) and Bahdanau (additive) attention on [query, value].
q = keras.Input((5, 4), name='query')
v = keras.Input((6, 4), name='value')
dot = keras.layers.Attention(use_scale=True)([q, v])
add = keras.layers.AdditiveAttention()([q, v])
m = keras.Model([q, v], [dot, add])
randomize(m, 1.0)
save('attention', m, [rng.uniform(-1, 1, (2, 5, 4)).astype(np.float32), rng.uniform(-1, 1, (2, 6, 4)).astype(np.float32)])

if HUB:
    from keras_hub.src.layers.modeling.transformer_encoder import TransformerEncoder
    inp = keras.Input((6, 8), name='x')
    x = TransformerEncoder(intermediate_dim=16, num_heads=2)(inp)
    m = keras.Model(inp, x)
    randomize(m, 0.4)
    save('transformer_encoder', m, [rng.uniform(-1, 1, (2, 6, 8)).astype(np.float32)])

# Keras' LSTM and SimpleRNN on padded ids: the embedding's mask flows through both, and
# GlobalAveragePooling1D averages the real steps only (tfjs' own pooling ignores the mask).
tokens = keras.Input((7,), dtype='int32', name='tokens')
x = keras.layers.Embedding(20, 6, mask_zero=True)(tokens)
x = keras.layers.LSTM(5, return_sequences=True)(x)
x = keras.layers.SimpleRNN(4, return_sequences=True)(x)
x = keras.layers.GlobalAveragePooling1D()(x)
x = keras.layers.Dense(2)(x)
m = keras.Model(tokens, x, name='masked_lstm')
randomize(m)
ids = rng.integers(1, 20, (3, 7)).astype(np.int32)
ids[0, 3:] = 0  # 3 real tokens, then padding
ids[1, 6:] = 0
save('masked_lstm', m, [ids])
