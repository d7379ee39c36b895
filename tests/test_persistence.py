"""Saved model files: exact round trips, and a clear refusal of anything broken or unsafe."""

from __future__ import annotations

import io
import json
import pickle
import zipfile

import numpy as np
import pytest

from nnfromscratch.general.fit import fit
from nnfromscratch.general.mlp import MLP
from nnfromscratch.general.persistence import ModelFileError, load, save


@pytest.fixture
def trained():
    rng = np.random.default_rng(0)
    network = MLP([4, 5, 3], ["tanh", "softmax"], "categorical_cross_entropy", dtype="float32", rng=0)
    x = rng.standard_normal((20, 4))
    fit(network, x, np.eye(3)[rng.integers(0, 3, 20)], epochs=3, optimizer="adam", rng=0)
    return network, x


def entries(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(path, replace):
    """Write the archive again with some entries replaced (None removes one)."""
    contents = entries(path)
    contents.update(replace)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            if data is not None:
                archive.writestr(name, data)


def npy_bytes(array, allow_pickle=False):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=allow_pickle)
    return buffer.getvalue()


# ----- round trips ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("bias", [True, False])
def test_save_then_load_is_bit_identical(tmp_path, dtype, bias):
    network = MLP([3, 7, 6, 2], ["relu", "sigmoid", "sigmoid"], "binary_cross_entropy", bias=bias, dtype=dtype, rng=5)
    for p in network.parameters:
        p += np.random.default_rng(1).standard_normal(p.shape).astype(dtype) * 1e-3  # not round numbers
    again = load(save(network, tmp_path / "model.npz"))
    assert again.architecture == network.architecture
    assert again.parameter_names == network.parameter_names
    for a, b in zip(network.parameters, again.parameters, strict=True):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()


def test_a_loaded_network_predicts_exactly_like_the_saved_one(tmp_path, trained):
    network, x = trained
    again = load(save(network, tmp_path / "model.npz"))
    assert np.array_equal(again.predict(x), network.predict(x))


def test_saving_twice_gives_the_same_bytes_of_every_entry(tmp_path, trained):
    network, _ = trained
    assert entries(save(network, tmp_path / "a.npz")) == entries(save(network, tmp_path / "b.npz"))


def test_the_architecture_is_readable_json(tmp_path, trained):
    network, _ = trained
    with np.load(save(network, tmp_path / "m.npz"), allow_pickle=False) as archive:
        architecture = json.loads(str(archive["architecture"]))
    assert architecture == {
        "format": "nnfromscratch.MLP", "format_version": 1, "layer_sizes": [4, 5, 3],
        "activations": ["tanh", "softmax"], "loss": "categorical_cross_entropy", "bias": True,
        "dtype": "float32",
    }


# ----- broken, tampered and unsafe files -------------------------------------------------


def test_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no model file at"):
        load(tmp_path / "nothing.npz")


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9, 0.99])
def test_a_truncated_file_is_refused(tmp_path, trained, keep):
    path = save(trained[0], tmp_path / "m.npz")
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ModelFileError, match="is not a valid nnfromscratch model file"):
        load(path)


def test_a_flipped_byte_inside_the_weights_is_refused(tmp_path, trained):
    path = save(trained[0], tmp_path / "m.npz")
    data = bytearray(path.read_bytes())
    # Weights are stored uncompressed: find W1's raw bytes and change one of them.
    start = bytes(data).find(trained[0].parameters[0].tobytes())
    assert start > 0
    data[start + 5] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="BadZipFile: Bad CRC-32"):
        load(path)


def test_a_file_with_a_pickled_payload_never_runs_it(tmp_path):
    # If this pickle were ever unpickled, it would create the file `pwned`.
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    path = tmp_path / "evil.npz"
    path.write_bytes(pickle.dumps(Payload()))
    with pytest.raises(ModelFileError, match=r"not an \.npz"):
        load(path)
    # The same payload as an object array inside a genuine-looking archive:
    network = MLP([2, 1], rng=0)
    save(network, path)
    payload = np.empty(1, dtype=object)
    payload[0] = Payload()
    rewrite(path, {"W1.npy": npy_bytes(payload, allow_pickle=True)})
    with pytest.raises(ModelFileError, match=r"W1 holds Python objects \(a pickle\); nothing of it is unpickled"):
        load(path)
    assert not marker.exists()


def test_a_plain_npy_array_is_not_a_model(tmp_path):
    path = tmp_path / "array.npz"
    with path.open("wb") as file:
        np.save(file, np.ones(3))
    with pytest.raises(ModelFileError, match=r"not an \.npz"):
        load(path)


def architecture_of(path):
    with np.load(path, allow_pickle=False) as archive:
        return json.loads(str(archive["architecture"]))


def with_architecture(**changes):
    def change(path):
        architecture = architecture_of(path)
        architecture.update(changes)
        return {"architecture.npy": npy_bytes(np.array(json.dumps(architecture)))}
    return change


TAMPERING = [
    # (id, change to the archive, message pattern)
    ("architecture removed", lambda p: {"architecture.npy": None}, r"it has no 'architecture' entry"),
    ("architecture not JSON", lambda p: {"architecture.npy": npy_bytes(np.array("{layer_sizes: [4"))}, r"'architecture' is not valid JSON"),
    ("architecture is numbers", lambda p: {"architecture.npy": npy_bytes(np.arange(3))}, r"'architecture' must be a text, got an array of shape \(3,\)"),
    ("architecture is a list", lambda p: {"architecture.npy": npy_bytes(np.array("[1, 2]"))}, r"'architecture' must have the keys"),
    ("a key missing", lambda p: {"architecture.npy": npy_bytes(np.array(json.dumps({k: v for k, v in architecture_of(p).items() if k != "loss"})))}, r"'architecture' must have the keys"),
    ("another format", with_architecture(format="keras"), r"format 'keras' version 1 is not 'nnfromscratch.MLP' version 1"),
    ("a newer version", with_architecture(format_version=2), r"version 2 is not 'nnfromscratch.MLP' version 1"),
    ("sizes not a list", with_architecture(layer_sizes="4,5,3"), r"layer_sizes must be a list of positive whole numbers"),
    ("a zero width", with_architecture(layer_sizes=[4, 0, 3]), r"layer_sizes must be a list of positive whole numbers \(257 at most\), got \[4, 0, 3\]"),
    ("a width as float", with_architecture(layer_sizes=[4, 5.0, 3]), r"layer_sizes must be a list of positive whole numbers"),
    ("unknown activation", with_architecture(activations=["tanh", "eval"]), r"activations must be 2 known names"),
    ("unknown loss", with_architecture(loss="__import__('os')"), r"unknown loss"),
    ("unknown dtype", with_architecture(dtype="object"), r"unknown dtype 'object'"),
    ("bias not boolean", with_architecture(bias="yes"), r"bias must be true or false"),
    ("sizes disagree with arrays", with_architecture(layer_sizes=[4, 6, 3]), r"W1 should be float32 of shape \(4, 6\), got an array of shape \(4, 5\)"),
    ("dtype disagrees with arrays", with_architecture(dtype="float64"), r"W1 should be float64 of shape \(4, 5\), got an array of shape \(4, 5\) and dtype float32"),
    ("bias flag disagrees", with_architecture(bias=False), r"arrays missing: \[\], unexpected: \['b1', 'b2'\]"),
    ("an array missing", lambda p: {"b2.npy": None}, r"arrays missing: \['b2'\], unexpected: \[\]"),
    ("an extra array", lambda p: {"extra.npy": npy_bytes(np.ones(2))}, r"unexpected: \['extra'\]"),
    ("a weight is NaN", lambda p: {"W2.npy": npy_bytes(np.full((5, 3), np.nan, dtype=np.float32))}, r"W2 holds NaN or infinite values"),
    ("a weight of the wrong shape", lambda p: {"W2.npy": npy_bytes(np.ones((3, 5), dtype=np.float32))}, r"W2 should be float32 of shape \(5, 3\)"),
]


@pytest.mark.parametrize(("change", "pattern"), [case[1:] for case in TAMPERING], ids=[case[0] for case in TAMPERING])
def test_a_tampered_file_is_refused_with_a_clear_error(tmp_path, trained, change, pattern):
    path = save(trained[0], tmp_path / "m.npz")
    rewrite(path, change(path))
    with pytest.raises(ModelFileError, match=pattern):
        load(path)


def test_save_refuses_what_is_not_a_network(tmp_path):
    with pytest.raises(TypeError, match="network must be an MLP, got"):
        save({"W1": np.ones(2)}, tmp_path / "m.npz")
