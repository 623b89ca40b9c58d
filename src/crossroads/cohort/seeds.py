"""Each person's seed: from the run's global seed and the person's id, nothing else.

A person's result must not depend on where their row sits in the file, on how the file is cut
into partitions, or on how many workers score it. So the seed is a pure function of (global
seed, id): the id is hashed (BLAKE2b, stable across processes and Python versions, unlike
``hash()``), and NumPy's ``SeedSequence`` mixes it with the global seed into a 32-bit seed that
``crossroads advise --seed`` accepts, so any one row can be reproduced on its own.
"""

from __future__ import annotations

import hashlib

import numpy as np


def id_hash(person_id: str) -> int:
    """A stable 64-bit integer for an id (the same in every process, on every machine)."""
    return int.from_bytes(
        hashlib.blake2b(person_id.encode("utf-8"), digest_size=8).digest(), "little"
    )


def person_seed(global_seed: int, person_id: str) -> int:
    """The seed ``advise`` uses for this person: ``SeedSequence([global_seed, hash(id)])``."""
    ss = np.random.SeedSequence([int(global_seed), id_hash(person_id)])
    return int(ss.generate_state(1, dtype=np.uint32)[0])
