public enum ParleyAppModule {}
