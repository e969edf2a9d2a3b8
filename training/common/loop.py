"""The training loop every trainer in training/ runs: steps, JSONL logging, periodic and final
checkpoints (written atomically), resume from the checkpoint, and the torchrun/DDP plumbing.

A trainer builds its model and optimizer, then:

    loop = TrainingLoop(ckpt_path, log_path, steps=..., save_every=..., log_every=...)
    ck = loop.resume()                       # the checkpoint dict, or None on a fresh run
    if ck: model.load_state_dict(ck["model"]) ...
    loop.run(batches, train_step, record, state)

Resume is exact: besides what the trainer saves (weights, optimizer, EMA), the checkpoint's
"loop" entry holds every process's random state (the global CPU and CUDA generators and any
named generator the trainer hands in) and where its batch source stood, so a run stopped at a
checkpoint and started again takes the same steps as one that never stopped.
"""
import json
import os
import time

import torch
import torch.distributed as dist

from . import atomic

LOOP_KEY = "loop"


def setup_distributed():
    """(world size, rank, device) under torchrun (WORLD_SIZE > 1: gloo on CPUs, nccl on GPUs), or
    (1, 0, the one device) for a plain run."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1 and not dist.is_initialized():
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        dist.init_process_group(backend)
    rank = dist.get_rank() if dist.is_initialized() else 0
    local = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device(f"cuda:{local}" if torch.cuda.is_available() else "cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    return world, rank, device


def rng_state(generators: dict = None) -> dict:
    s = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        s["cuda"] = torch.cuda.get_rng_state_all()
    for name, g in (generators or {}).items():
        s[name] = g.get_state()
    return s


def set_rng_state(s: dict, generators: dict = None):
    torch.set_rng_state(s["torch"])
    if "cuda" in s and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(s["cuda"])
    for name, g in (generators or {}).items():
        if name in s:
            g.set_state(s[name])


class EpochBatches:
    """Batches of a DataLoader, epoch after epoch (with a DistributedSampler's set_epoch), that can
    resume mid-epoch. DataLoader draws from the global generator when an epoch's iterator starts
    (its base seed, and RandomSampler's permutation seed); so the state keeps that generator as it
    was at the epoch's start, and a resumed run replays the start and skips the batches already
    taken, then goes on from the generator's current state (restored by the loop)."""

    def __init__(self, loader, sampler=None):
        self.loader, self.sampler = loader, sampler
        self.epoch, self.taken, self.epoch_rng, self._replay = 0, 0, None, False

    def state_dict(self) -> dict:
        if self.taken >= len(self.loader):  # the epoch is over: the next one starts afresh
            return {"epoch": self.epoch + 1, "taken": 0, "epoch_rng": None}
        return {"epoch": self.epoch, "taken": self.taken, "epoch_rng": self.epoch_rng}

    def load_state_dict(self, s: dict):
        self.epoch, self.taken, self.epoch_rng = s["epoch"], s["taken"], s["epoch_rng"]
        self._replay = self.taken > 0

    def __iter__(self):
        while True:
            if self.sampler is not None:
                self.sampler.set_epoch(self.epoch)
            if self._replay:
                now = torch.get_rng_state()
                torch.set_rng_state(self.epoch_rng)
                it = iter(self.loader)
                for _ in range(self.taken):
                    next(it)
                torch.set_rng_state(now)
                self._replay = False
            else:
                self.epoch_rng, self.taken = torch.get_rng_state(), 0
                it = iter(self.loader)
            for batch in it:
                self.taken += 1
                yield batch
            self.epoch += 1


class GeneratorBatches:
    """Batches drawn by draw(generator) from a generator of their own (seeded by the trainer)."""

    def __init__(self, draw, generator: torch.Generator):
        self.draw, self.generator = draw, generator

    def state_dict(self) -> dict:
        return {"generator": self.generator.get_state()}

    def load_state_dict(self, s: dict):
        self.generator.set_state(s["generator"])

    def __iter__(self):
        while True:
            yield self.draw(self.generator)


def _cpu(obj):
    """Random states as torch.set_rng_state takes them: a checkpoint loaded with
    map_location="cuda" brings them back as CUDA tensors."""
    if isinstance(obj, torch.Tensor):
        return obj.cpu()
    if isinstance(obj, dict):
        return {k: _cpu(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_cpu(v) for v in obj)
    return obj


def _gather(obj, world: int) -> list:
    """obj from every process, in rank order (collective: every process must call it)."""
    if world > 1 and dist.is_initialized():
        out = [None] * world
        dist.all_gather_object(out, obj)
        return out
    return [obj]


class TrainingLoop:
    """steps: the run's last step; save_every: checkpoint period in steps (and always at the
    end); log_every: record period; log_last: also a record at the last step. Only rank 0 logs
    and writes; every process takes part in save() (it gathers their random states)."""

    def __init__(self, checkpoint: str, log: str, steps: int, save_every: int, log_every: int,
                 log_last: bool = False, rank: int = 0, world: int = 1, map_location="cpu", generators: dict = None):
        self.checkpoint, self.log_path = checkpoint, log
        self.steps, self.save_every, self.log_every, self.log_last = steps, save_every, log_every, log_last
        self.rank, self.world, self.map_location = rank, world, map_location
        self.generators = generators or {}
        self.step, self._resume = 0, None
        self.losses = []  # since the last record: a resumed run's first record averages the same steps

    def resume(self):
        """The checkpoint as saved (the trainer loads its parts), or None. When the run starts,
        log records past the checkpoint's step (made by a run that stopped before its next save)
        are dropped, since the resumed run makes them again."""
        if not os.path.exists(self.checkpoint):
            return None
        ck = torch.load(self.checkpoint, map_location=self.map_location, weights_only=False)
        self.step = ck["step"]
        states = ck.get(LOOP_KEY)
        if states and len(states) == self.world:
            self._resume = _cpu(states[self.rank])
        elif states and self.rank == 0:
            print(f"{self.checkpoint}: saved by {len(states)} process(es), now {self.world}: "
                  "the random state starts afresh")
        return ck

    def _drop_records_past_step(self):
        if os.path.exists(self.log_path):
            with open(self.log_path) as f:
                kept = [line for line in f if line.strip() and json.loads(line).get("step", 0) <= self.step]
            atomic.save_text("".join(kept), self.log_path)

    def save(self, state: dict, batches=None):
        own = {"rng": rng_state(self.generators), "losses": list(self.losses)}
        if hasattr(batches, "state_dict"):
            own["batches"] = batches.state_dict()
        states = _gather(own, self.world)
        if self.rank == 0:
            atomic.save_torch({**state, "step": self.step, LOOP_KEY: states}, self.checkpoint)

    def write_record(self, rec: dict, log):
        line = json.dumps(rec)
        print(line, flush=True)
        if log is not None:
            log.write(line + "\n")
            log.flush()

    def run(self, batches, train_step, record, state, after_step=None):
        """train_step(batch, step) -> loss (a float; `step` counts steps done before this one);
        record(step, losses since the last record, seconds) -> the log record;
        state() -> the checkpoint's contents besides "step" and "loop";
        after_step(step), if given, runs after each step's record and before its checkpoint."""
        if self._resume is not None:
            set_rng_state(self._resume["rng"], self.generators)
            self.losses = list(self._resume.get("losses", []))
            if hasattr(batches, "load_state_dict") and "batches" in self._resume:
                batches.load_state_dict(self._resume["batches"])
            self._resume = None
        log = None
        if self.rank == 0 and self.log_path:
            os.makedirs(os.path.dirname(os.path.abspath(self.log_path)), exist_ok=True)
            self._drop_records_past_step()
            log = open(self.log_path, "a")
        try:
            it = iter(batches)
            t0 = time.time()
            while self.step < self.steps:
                loss = train_step(next(it), self.step)
                self.step += 1
                self.losses.append(loss)
                if self.step % self.log_every == 0 or (self.log_last and self.step == self.steps):
                    if self.rank == 0:
                        self.write_record(record(self.step, self.losses, round(time.time() - t0, 1)), log)
                    self.losses = []
                if after_step is not None:
                    after_step(self.step)
                if self.step % self.save_every == 0:
                    self.save(state(), batches)
            self.save(state(), batches)
        finally:
            if log is not None:
                log.close()
