#!/usr/bin/env python3
"""Runs an OCI image tarball of the split build the way a container runtime would, where no container engine runs:
its layers unpacked into a root (once), /proc mounted there, then the image's entrypoint started in that root, in its
working directory, as its user, with its environment. Needs root (chroot, mount). Not a sandbox: the process shares
the machine's network and process namespaces, as a container with the host's network would.

The machine's /etc/hosts and /etc/resolv.conf are copied into the root, as a runtime mounts its own there, and /dev
gets the device nodes a runtime gives every container (null, zero, full, random, urandom, tty).

Usage: run-image.py [--unpack] IMAGE.tar ROOT [-e NAME=VALUE ...] [-- ARGUMENT ...]    (--unpack: only unpack)
"""
import argparse, json, os, shutil, signal, stat, subprocess, sys, tarfile

DEVICES = {'null': (1, 3), 'zero': (1, 5), 'full': (1, 7), 'random': (1, 8), 'urandom': (1, 9), 'tty': (5, 0)}


def blob(tar, descriptor):
    return tar.extractfile('blobs/' + descriptor['digest'].replace(':', '/'))


def unpack(image, root):
    with tarfile.open(image) as tar:
        index = json.load(tar.extractfile('index.json'))
        manifest = json.load(blob(tar, index['manifests'][0]))
        config = json.load(blob(tar, manifest['config']))['config']
        if not os.path.isdir(root):
            os.makedirs(root)
            for layer in manifest['layers']:
                with tarfile.open(fileobj=blob(tar, layer), mode='r:gz') as files:
                    files.extractall(root, filter='fully_trusted')
    return config


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('image')
    parser.add_argument('root')
    parser.add_argument('-e', action='append', default=[], metavar='NAME=VALUE')
    parser.add_argument('--unpack', action='store_true')
    own, arguments = sys.argv[1:], []
    if '--' in own:
        own, arguments = own[:own.index('--')], own[own.index('--') + 1:]
    options = parser.parse_args(own)
    config = unpack(options.image, options.root)
    if options.unpack:
        return
    for name in ('hosts', 'resolv.conf'):
        shutil.copyfile(os.path.join('/etc', name), os.path.join(options.root, 'etc', name))
    os.makedirs(os.path.join(options.root, 'dev'), exist_ok=True)
    for name, (major, minor) in DEVICES.items():
        node = os.path.join(options.root, 'dev', name)
        if not os.path.exists(node):
            os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
            os.chmod(node, 0o666)
    environment = dict(variable.split('=', 1) for variable in config.get('Env', []) + options.e)
    user, group = (int(part) for part in config['User'].split(':'))
    proc = os.path.join(options.root, 'proc')
    os.makedirs(proc, exist_ok=True)

    def enter():
        os.chroot(options.root)
        os.chdir(config.get('WorkingDir', '/'))
        os.setgroups([])
        os.setgid(group)
        os.setuid(user)

    subprocess.run(['mount', '-t', 'proc', 'proc', proc], check=True)
    try:
        process = subprocess.Popen(config['Entrypoint'] + arguments, env=environment, preexec_fn=enter)
        signal.signal(signal.SIGTERM, lambda *_: process.terminate())
        code = process.wait()
    finally:
        subprocess.run(['umount', proc])
    sys.exit(code)


if __name__ == '__main__':
    main()
