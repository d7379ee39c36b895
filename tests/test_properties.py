"""Properties of the article networks that must hold for any input, checked by hypothesis."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nnfromscratch.course.activations import (
    sigmoid,
    sigmoid_derivative_from_output,
    sigmoid_derivative_from_sum,
)
from nnfromscratch.course.backprop import Parameters, backprop, forward
from nnfromscratch.course.losses import mse_loss, sum_of_squares_loss

sums = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
small = st.floats(min_value=-3, max_value=3, allow_nan=False)


@given(sums)
def test_sigmoid_of_a_float_is_a_float_in_the_unit_interval_and_symmetric(z):
    value = sigmoid(z)
    assert type(value) is float
    assert 0.0 <= value <= 1.0
    assert math.isclose(sigmoid(-z), 1 - value, rel_tol=1e-12, abs_tol=1e-15)


@given(sums)
def test_the_float_and_array_paths_of_the_sigmoid_agree(z):
    # Python floats take a math.exp fast path; arrays go through NumPy.
    assert math.isclose(sigmoid(z), float(sigmoid(np.array([z]))[0]), rel_tol=4e-16, abs_tol=1e-300)


@given(sums)
def test_the_slope_is_between_0_and_a_quarter_in_both_conventions(z):
    slope = sigmoid_derivative_from_sum(z)
    assert 0.0 <= slope <= 0.25
    assert math.isclose(slope, sigmoid_derivative_from_output(sigmoid(z)), rel_tol=1e-12, abs_tol=1e-300)


@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=20), st.data())
def test_losses_are_non_negative_and_the_sum_is_n_times_the_mean(truth, data):
    prediction = data.draw(st.lists(st.floats(-1e3, 1e3), min_size=len(truth), max_size=len(truth)))
    mean = mse_loss(truth, prediction)
    total = sum_of_squares_loss(truth, prediction)
    assert mean >= 0 and total >= 0
    assert math.isclose(total, len(truth) * mean, rel_tol=1e-12, abs_tol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.lists(small, min_size=9, max_size=9), st.tuples(small, small), st.sampled_from([0.0, 1.0]))
def test_backprop_matches_central_differences_for_any_parameters(values, x, y_true):
    params = Parameters.from_array(values)
    gradient = backprop(params, x, y_true).gradient.as_array()
    base = params.as_array()
    h = 1e-6
    for i in range(9):
        step = np.zeros(9)
        step[i] = h
        up = (y_true - forward(Parameters.from_array(base + step), x).o1) ** 2
        down = (y_true - forward(Parameters.from_array(base - step), x).o1) ** 2
        assert math.isclose(gradient[i], (up - down) / (2 * h), rel_tol=1e-5, abs_tol=1e-8)


@given(st.lists(sums, min_size=9, max_size=9), st.tuples(sums, sums), st.sampled_from([0.0, 1.0]))
def test_feedforward_and_backprop_stay_finite_for_extreme_weights_and_inputs(values, x, y_true):
    step = backprop(Parameters.from_array(values), x, y_true)
    assert 0.0 <= step.forward.o1 <= 1.0
    assert np.all(np.isfinite(step.gradient.as_array()))
