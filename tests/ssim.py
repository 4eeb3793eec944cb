"""Structural similarity (SSIM) of two pictures, for checking that faster renditions look the same.

The index of Wang, Bovik, Sheikh and Simoncelli (2004) on luminance, with their constants: an
11-tap Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03, L = 255. numpy only, so neither the
tests nor the photo benchmark need scikit-image.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image

K1, K2, L = 0.01, 0.03, 255.0
C1, C2 = (K1 * L) ** 2, (K2 * L) ** 2


def _gaussian_kernel(size=11, sigma=1.5):
    offsets = np.arange(size) - (size - 1) / 2
    kernel = np.exp(-(offsets**2) / (2 * sigma**2))
    return kernel / kernel.sum()


def _blur(plane, kernel):
    """Separable 'valid' Gaussian filter: along rows, then along columns."""
    rows = sliding_window_view(plane, kernel.size, axis=1) @ kernel
    return sliding_window_view(rows, kernel.size, axis=0) @ kernel


def luminance(image):
    """The picture's luma (ITU-R 601, as Pillow's "L" mode) as floats, transparency flattened."""
    if image.mode in ("RGBA", "LA", "PA"):
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.convert("RGBA").getchannel("A"))
        image = flat
    return np.asarray(image.convert("L"), dtype=np.float64)


def ssim(first, second):
    """Mean SSIM of two Pillow images of the same size (1.0 means identical)."""
    if first.size != second.size:
        raise ValueError(f"sizes differ: {first.size} and {second.size}")
    x, y = luminance(first), luminance(second)
    kernel = _gaussian_kernel()
    mu_x, mu_y = _blur(x, kernel), _blur(y, kernel)
    var_x = _blur(x * x, kernel) - mu_x**2
    var_y = _blur(y * y, kernel) - mu_y**2
    covariance = _blur(x * y, kernel) - mu_x * mu_y
    index = ((2 * mu_x * mu_y + C1) * (2 * covariance + C2)) / (
        (mu_x**2 + mu_y**2 + C1) * (var_x + var_y + C2)
    )
    return float(index.mean())
