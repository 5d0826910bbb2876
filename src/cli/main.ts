console.log("kube-scaling-doctor: not yet");
